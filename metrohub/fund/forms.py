from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrohub.core.action_lines import ActionLineFilter
from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet
from metrohub.core.models import ActionLine, Priorities, Region, ThematicPriority
from metrohub.finance.models import Agreement
from metrohub.finance.services import GRANT_KINDS

DATE = forms.DateInput(attrs={"type": "date"})
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}


def _agreements_to_earmark():
    return (
        Agreement.objects.filter(
            kind__in=GRANT_KINDS,
            amount__isnull=False,
            retired_on__isnull=True,
            fund_contribution__isnull=True,
        )
        .select_related("partner")
        .order_by("partner__name", "title")
    )


class AgreementChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.partner.name} — {obj.title} ({obj.currency} {obj.amount:,.0f})"


class ContributionForm(BootstrapMixin, forms.Form):
    """A contribution is an agreement's money: the form earmarks one of finance's agreements."""

    agreement = AgreementChoice(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        help_text=_(
            "A funding agreement with its amount, not yet earmarked for a fund. Its donor, "
            "amount and currency are the agreement's; what is received is its income."
        ),
    )
    pledged_on = forms.DateField(label=_("Pledged on"), widget=DATE, required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        # Before BootstrapMixin validates a bound form: the choices must be known first.
        self.base_fields["agreement"].queryset = _agreements_to_earmark()
        super().__init__(*args, **kwargs)


class AwardForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount (EUR)"), **MONEY)
    action_line = forms.ModelChoiceField(
        ActionLine.objects.all(),
        label=_("Action line"),
        required=False,
        help_text=_("Blank when no source says which."),
    )
    thematic_priority = forms.ModelChoiceField(
        ThematicPriority.objects.all(),
        label=_("Thematic priority"),
        required=False,
        help_text=_("Blank when no source says which."),
    )


class AgreementForm(BootstrapMixin, forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    terms = forms.CharField(label=_("Terms"), widget=forms.Textarea(attrs={"rows": 3}))


class TrancheForm(BootstrapMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount (EUR)"), **MONEY)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    paid_on = forms.DateField(label=_("Paid on (if paid)"), widget=DATE, required=False)


class PayForm(BootstrapMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=timezone.localdate)


class ReportForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("What is due"), max_length=300)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class ReceiveForm(BootstrapMixin, forms.Form):
    submitted_on = forms.DateField(label=_("Received on"), widget=DATE, initial=timezone.localdate)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=5000)


class CopyForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name of the new fund"), max_length=300)
    theme = forms.CharField(label=_("Theme"), max_length=200)
    priority = forms.ChoiceField(
        label=_("Thematic priority"),
        choices=[("", _("Same as the original")), *Priorities.choices],
        required=False,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.all(),
        required=False,
        help_text=_("None chosen: the original's regions."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].label_from_instance = lambda region: region.label


def _funds() -> list[tuple[int, str]]:
    from metrohub.fund.models import Fund

    return [(f.pk, f.name) for f in Fund.objects.all()]


class GrantFilter(ListFilterSet):
    # A number, not a choice: a fund that does not exist (any longer) lists no grant, not every one.
    fund = IntegerFilter(
        label=_("Fund"),
        field_name="fund_id",
        widget=forms.Select(choices=lambda: [("", _("Any fund")), *_funds()]),
    )
    year = IntegerFilter(
        label=_("Year awarded"), field_name="awarded_at__year", min_value=1900, max_value=2100
    )
    action_line = ActionLineFilter()
