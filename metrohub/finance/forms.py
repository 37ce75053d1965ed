from decimal import Decimal

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet
from metrohub.core.models import Region
from metrohub.core.money import currency_choices
from metrohub.core.search_select import SearchSelect
from metrohub.finance.models import Agreement, IncomeLine, Invoice, Payment
from metrohub.finance.selectors import overdue_filter
from metrohub.network.models import Organisation


def _regions() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in Region.objects.all()]


def _partners() -> list[tuple[int, str]]:
    partners = Organisation.objects.filter(agreements__isnull=False).distinct().order_by("name")
    return [(p.pk, p.name) for p in partners]


def _year() -> IntegerFilter:
    return IntegerFilter(label=_("Year"), field_name="year", min_value=1900, max_value=2100)


class AgreementFilter(ListFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, empty_label=_("Any kind")
    )
    partner = django_filters.ChoiceFilter(
        label=_("Partner"),
        field_name="partner_id",
        choices=_partners,
        empty_label=_("Any partner"),
    )
    year = _year()
    state = django_filters.ChoiceFilter(
        label=_("In force or retired"),
        choices=[("in_force", _("In force")), ("retired", _("Retired"))],
        empty_label=_("Any"),
        method="in_state",
    )

    def in_state(self, queryset, name, value):
        return queryset.filter(retired_on__isnull=value == "in_force")


DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}


class AgreementForm(BootstrapMixin, forms.Form):
    """An agreement with a donor or partner; the partner is chosen once (`partner` is left out when
    correcting)."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.order_by("name"),
        widget=SearchSelect("organisations"),
        help_text=_("A partner, or a member giving in kind."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    year = forms.IntegerField(
        label=_("Year"), min_value=1900, max_value=2100, initial=lambda: timezone.localdate().year
    )
    amount = forms.DecimalField(
        label=_("Amount"), required=False, help_text=_("Blank: no amount stated."), **MONEY
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=lambda: [("", "—"), *currency_choices()], required=False
    )
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Agreement.Recurrence.choices)
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    obligations = forms.CharField(
        label=_("Obligations"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    source = forms.CharField(label=_("Source"), max_length=300, help_text=_("Where this record comes from."))

    def __init__(self, *args, correcting: bool = False, **kwargs):
        if correcting:
            self.base_fields = {k: v for k, v in type(self).base_fields.items() if k != "partner"}
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if (data.get("amount") is None) != (not data.get("currency")):
            self.add_error("currency", _("An amount and its currency go together: give both or neither."))
        return data


class RetireForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label=_("Retired on"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class InstalmentForm(BootstrapMixin, forms.Form):
    expected_on = forms.DateField(label=_("Expected on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="EUR")
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReceiveForm(BootstrapMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=timezone.localdate)
    amount = forms.DecimalField(
        label=_("Amount received"), required=False, help_text=_("Blank: the instalment's amount."), **MONEY
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices)


class ReportingDateForm(BootstrapMixin, forms.Form):
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    what = forms.CharField(label=_("What is due"), max_length=300)


class DeliveredForm(BootstrapMixin, forms.Form):
    done_on = forms.DateField(label=_("Delivered on"), widget=DATE, initial=timezone.localdate)


class InvoiceFilter(ListFilterSet):
    year = _year()
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Invoice.Status.choices, empty_label=_("Any status")
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"),
        field_name="organisation__region__code",
        choices=_regions,
        empty_label=_("All regions"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("In arrears only"), widget=forms.CheckboxInput, method="in_arrears"
    )

    def in_arrears(self, queryset, name, value):
        return queryset.filter(overdue_filter()) if value else queryset


class IncomeFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), field_name="date__year", min_value=1900, max_value=2100)
    agreement = IntegerFilter(label=_("Agreement (number)"), field_name="agreement_id", min_value=1)
    source = django_filters.ChoiceFilter(
        label=_("Source of income"), choices=IncomeLine.Source.choices, empty_label=_("Any source")
    )


class PaymentForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    method = forms.ChoiceField(label=pgettext_lazy("payment", "Method"), choices=Payment.Method.choices)


class WaiverForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the waiver"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


def _foreign_currency_choices() -> list[tuple[str, str]]:
    return [choice for choice in currency_choices() if choice[0] != "EUR"]


class ExchangeRateForm(BootstrapMixin, forms.Form):
    # BootstrapMixin validates a bound form in __init__: choices must be known before, not set after.
    currency = forms.ChoiceField(label=_("Currency"), choices=_foreign_currency_choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    rate = forms.DecimalField(
        label=_("Rate to EUR"),
        max_digits=18,
        decimal_places=8,
        min_value=Decimal("0.00000001"),
        help_text=_("Euros for one unit of the currency."),
    )
    source = forms.CharField(label=_("Source"), max_length=300, help_text=_("Where the rate comes from."))
