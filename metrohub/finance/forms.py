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
