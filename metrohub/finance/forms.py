from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.money import currency_choices
from metrohub.finance.models import Agreement, IncomeLine, Invoice, Payment


class FilterForm(forms.Form):
    sort = forms.CharField(required=False, max_length=20)

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and shown as an error beside its field)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {name: value for name, value in data.items() if value not in (None, "", False)}


class AgreementFilterForm(FilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Agreement.Kind.choices]
    )
    partner = forms.TypedChoiceField(label=_("Partner"), required=False, coerce=int, empty_value=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", _("Any partner")), *((p.pk, p.name) for p in partners)]


class InvoiceFilterForm(FilterForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Invoice.Status.choices]
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    overdue = forms.BooleanField(label=_("In arrears only"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *((r.code, r.label) for r in regions)]


class IncomeFilterForm(FilterForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)
    source = forms.ChoiceField(
        label=_("Source of income"),
        required=False,
        choices=[("", _("Any source")), *IncomeLine.Source.choices],
    )


class PaymentForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    method = forms.ChoiceField(label=_("Method"), choices=Payment.Method.choices)


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
