"""The dues cycle's forms and list filters."""

from decimal import Decimal

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet
from metrohub.core.models import Region
from metrohub.core.money import currency_choices
from metrohub.core.search_select import SearchSelect
from metrohub.finance.models import DuesDecision, PopulationBand
from metrohub.network.models import MembershipPeriod, Organisation


def _regions() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in Region.objects.all()]


def _this_year() -> int:
    return timezone.localdate().year


class FeeFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), field_name="year", min_value=1900, max_value=2100)
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=MembershipPeriod.Category.choices, empty_label=_("Any category")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="region__code", choices=_regions, empty_label=_("All regions")
    )
    retired = django_filters.BooleanFilter(
        label=_("Retired rules too"), widget=forms.CheckboxInput, method="with_retired"
    )

    def with_retired(self, queryset, name, value):
        return queryset  # the listing's queryset reads it: unticked, retired rules are left out


class DecisionFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), field_name="year", min_value=1900, max_value=2100)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DuesDecision.Kind.choices, empty_label=_("Any kind")
    )


class FeeForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, initial=_this_year)
    category = forms.ChoiceField(label=_("Category"), choices=MembershipPeriod.Category.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("All regions"),
        to_field_name="code",
    )
    population_band = forms.ChoiceField(
        label=_("Population band"),
        choices=[("", _("Any population")), *PopulationBand.choices],
        required=False,
    )
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="EUR")


class FeeCorrectForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices)


class RetireForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for retiring"), max_length=300)


class DecisionForm(BootstrapMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Organisation.objects.filter(membership__isnull=False).order_by("name"),
        widget=SearchSelect("organisations"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, initial=_this_year)
    kind = forms.ChoiceField(label=_("Kind"), choices=DuesDecision.Kind.choices)
    percent = forms.DecimalField(
        label=_("Reduction (%)"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("For a reduction only: the share of the fee forgiven."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reference = forms.CharField(
        label=_("Decision reference"), max_length=200, help_text=_("e.g. Board resolution 2025/04")
    )
    decided_on = forms.DateField(
        label=_("Decided on"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )


class IssueForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100, initial=_this_year)
    issued_on = forms.DateField(
        label=_("Date of issue"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))


class CreditNoteForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Amount credited"),
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("In the invoice's currency."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reference = forms.CharField(label=_("Decision reference"), max_length=200, required=False)
