"""Grant funds: their donors' contributions, the grants awarded from selected applications, the
agreements, tranches and progress reports of each grant. Amounts are in euros."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from metrohub.core.models import Priorities, action_line_field, thematic_priority_field
from metrohub.core.money import validate_currency
from metrohub.finance.models import IncomeLine

AMOUNT = {"max_digits": 14, "decimal_places": 2}


def _sum(queryset, field: str) -> Decimal:
    return queryset.aggregate(total=Sum(field))["total"] or Decimal(0)


class Fund(models.Model):
    name = models.CharField(_("name"), max_length=300, unique=True)
    theme = models.CharField(
        _("theme"), max_length=200, help_text=_("What the fund finances: local care systems.")
    )
    priority = models.CharField(_("thematic priority"), max_length=40, choices=Priorities.choices, blank=True)
    regions = models.ManyToManyField(
        "core.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="+",
        help_text=_("None: worldwide."),
    )
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR", editable=False)
    max_grant = models.DecimalField(
        _("largest grant (EUR)"),
        null=True,
        blank=True,
        help_text=_("No grant of the fund may exceed it."),
        **AMOUNT,
    )
    target_amount = models.DecimalField(_("fundraising target (EUR)"), null=True, blank=True, **AMOUNT)
    target_from = models.PositiveSmallIntegerField(_("target from (year)"), null=True, blank=True)
    target_until = models.PositiveSmallIntegerField(_("target until (year)"), null=True, blank=True)
    target_source = models.CharField(_("source of the target"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this record comes from.")
    )
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("fund")
        verbose_name_plural = _("funds")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_amount__isnull=True) | Q(target_amount__gt=0), name="fund_target_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_grant__isnull=True) | Q(max_grant__gt=0), name="fund_max_grant_positive"
            ),
            models.CheckConstraint(
                condition=Q(target_from__isnull=True)
                | Q(target_until__isnull=True)
                | Q(target_until__gte=F("target_from")),
                name="fund_target_years_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The balance, read from the records each time: what a fund has is never stored twice.
    def raised(self) -> Decimal:
        return _sum(self.contributions.all(), "pledged_eur")

    def received(self) -> Decimal:
        """What donors paid in: the income ledger's lines under the agreements earmarked for the
        fund, counted once, where they are (never a copy kept here)."""
        return _sum(IncomeLine.objects.filter(agreement__fund_contribution__fund=self), "amount_eur")

    def committed(self) -> Decimal:
        return _sum(Grant.objects.filter(fund=self), "amount")

    def disbursed(self) -> Decimal:
        return _sum(Tranche.objects.filter(grant__fund=self, paid_on__isnull=False), "amount")

    def available(self) -> Decimal:
        return self.raised() - self.committed()

    def raised_toward_target(self) -> Decimal:
        contributions = self.contributions.all()
        if self.target_from:
            contributions = contributions.filter(year__gte=self.target_from)
        if self.target_until:
            contributions = contributions.filter(year__lte=self.target_until)
        return _sum(contributions, "pledged_eur")


class Contribution(models.Model):
    """An agreement's money earmarked for a fund: what the donor (the agreement's partner) pledged.
    What it has paid in is not kept here: it is the agreement's income in the ledger
    (`received_eur()`), so a payment counts once, as income and in the fund's balance."""

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="contributions")
    agreement = models.OneToOneField(
        "finance.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="fund_contribution",
        help_text=_("The agreement whose money this is."),
    )
    donor = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        related_name="fund_contributions",
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[validate_currency], default="EUR")
    pledged = models.DecimalField(_("pledged"), **AMOUNT)
    pledged_eur = models.DecimalField(
        _("pledged (EUR)"), help_text=_("At the rate of the pledge's date."), **AMOUNT
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the pledge was secured."))
    pledged_on = models.DateField(
        _("pledged on"), null=True, blank=True, help_text=_("Blank: not on record.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "pledged_on", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(condition=Q(pledged__gt=0), name="contribution_pledged_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.donor} → {self.fund}: {self.currency} {self.pledged}"

    def received_eur(self) -> Decimal:
        return _sum(self.agreement.income_lines.all(), "amount_eur")


class Grant(models.Model):
    """Money awarded from a fund to a selected application."""

    application = models.OneToOneField(
        "calls.Application", verbose_name=_("application"), on_delete=models.PROTECT, related_name="grant"
    )
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="grants")
    amount = models.DecimalField(_("amount (EUR)"), **AMOUNT)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    awarded_at = models.DateTimeField(_("awarded"), auto_now_add=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    action_line = action_line_field()
    thematic_priority = thematic_priority_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-awarded_at", "-pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive")]

    def __str__(self) -> str:
        return f"{self.application.organisation} · EUR {self.amount:,.2f}"

    def scheduled(self) -> Decimal:
        return _sum(self.tranches.all(), "amount")

    def paid(self) -> Decimal:
        return _sum(self.tranches.filter(paid_on__isnull=False), "amount")


class GrantAgreement(models.Model):
    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="agreement")
    signed_on = models.DateField(_("signed on"))
    terms = models.TextField(_("terms"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")

    def __str__(self) -> str:
        return f"{self.grant} ({self.signed_on})"


class Tranche(models.Model):
    """A part of a grant to pay out; their total never exceeds the grant."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="tranches")
    amount = models.DecimalField(_("amount (EUR)"), **AMOUNT)
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="tranche_amount_positive")]

    def __str__(self) -> str:
        return f"EUR {self.amount:,.2f} ({self.due_on})"


class ProgressReport(models.Model):
    """A report the grantee owes on the progress of the funded project."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("what is due"), max_length=300)
    due_on = models.DateField(_("due"))
    submitted_on = models.DateField(pgettext_lazy("report", "submitted"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.title} ({self.due_on})"
