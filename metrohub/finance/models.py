# Over 400 lines because the money records keep one module: dues, credit notes and mailings
# refer to each other and to the ledger, and a models package would split them mid-relation.
"""Partners' agreements, membership dues, the income ledger and the exchange rates behind it.

Money is stored as an exact decimal beside its ISO 4217 currency; EUR figures come only from a
dated exchange rate (`metrohub.finance.money`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from metrohub.core.money import validate_currency
from metrohub.network.models import MembershipPeriod

AMOUNT = {"max_digits": 14, "decimal_places": 2}


def _currency_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("currency"), max_length=3, validators=[validate_currency], help_text=_("ISO 4217"), **kwargs
    )


class ExchangeRate(models.Model):
    """How many euros one unit of a currency was worth on a date, and who said so."""

    currency = _currency_field()
    date = models.DateField(_("date"))
    rate = models.DecimalField(_("rate to EUR"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=300)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["currency", "-date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "date"], name="one_rate_per_currency_and_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.rate.normalize():f} EUR ({self.date})"


class Agreement(models.Model):
    """What the network agreed with a partner: cooperation, money, goods or services in kind."""

    class Kind(models.TextChoices):
        COOPERATION = "cooperation", _("Cooperation")
        FUNDING = "funding", _("Funding")
        IN_KIND = "in_kind", _("In kind")
        AWARD = "award", _("Award sponsorship")
        CERTIFICATION = "certification", _("Certification")
        OTHER = "other", _("Other")

    class Recurrence(models.TextChoices):
        ONCE = "once", _("once")
        YEARLY = "yearly", _("per year")

    partner = models.ForeignKey(
        "network.Organisation", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year the source records it in."))
    amount = models.DecimalField(_("amount"), null=True, blank=True, **AMOUNT)
    currency = _currency_field(blank=True)
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.ONCE
    )
    start = models.DateField(_("from"), null=True, blank=True, help_text=_("Blank: not on record."))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Blank: not on record."))
    description = models.TextField(_("description"), blank=True)
    obligations = models.TextField(_("obligations"), blank=True)
    source = models.CharField(_("source"), max_length=300, help_text=_("Where this record comes from."))
    retired_on = models.DateField(
        _("retired on"),
        null=True,
        blank=True,
        help_text=_("Blank: in force. Retired agreements stay on record."),
    )
    retired_reason = models.TextField(_("why it was retired"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "partner__name", "title"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.UniqueConstraint(fields=["partner", "title"], name="agreement_title_once_per_partner"),
            # An amount always has its currency, and a currency its amount.
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) & Q(currency="")) | (Q(amount__gt=0) & ~Q(currency="")),
                name="agreement_amount_with_currency",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="agreement_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.title}"


class ReportingDate(models.Model):
    """A report owed to a partner under an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reporting_dates")
    due_on = models.DateField(_("due"))
    what = models.CharField(_("what is due"), max_length=300)
    done_on = models.DateField(_("delivered"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("reporting date")
        verbose_name_plural = _("reporting dates")

    def __str__(self) -> str:
        return f"{self.what} ({self.due_on})"


class PopulationBand(models.TextChoices):
    """Members range from cities of 200,000 to metropolitan regions of 20 million: fees step by size."""

    UNDER_1M = "under_1m", _("Under 1 million inhabitants")
    FROM_1M = "1m_5m", _("1 to 5 million inhabitants")
    FROM_5M = "5m_10m", _("5 to 10 million inhabitants")
    FROM_10M = "10m_plus", _("10 million inhabitants or more")

    @classmethod
    def of(cls, population: int | None) -> "PopulationBand | None":
        if population is None:
            return None
        for band, below in BAND_LIMITS:
            if below is None or population < below:
                return band
        return None


BAND_LIMITS = [
    (PopulationBand.UNDER_1M, 1_000_000),
    (PopulationBand.FROM_1M, 5_000_000),
    (PopulationBand.FROM_5M, 10_000_000),
    (PopulationBand.FROM_10M, None),
]


class Instalment(models.Model):
    """A sum an agreement's partner is expected to pay on a date; received once, through the ledger."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="instalments")
    expected_on = models.DateField(_("expected on"))
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = _currency_field()
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["expected_on", "pk"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.2f} ({self.expected_on})"


class FeeSchedule(models.Model):
    """The yearly fee of a membership category, for one region or (region blank) for all, and for
    one population band or (band blank) for any size. A retired row no longer prices invoices;
    history keeps every correction."""

    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("category"), max_length=20, choices=MembershipPeriod.Category.choices)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    population_band = models.CharField(
        _("population band"), max_length=10, choices=PopulationBand.choices, blank=True
    )
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = _currency_field()
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    retired_reason = models.CharField(_("reason for retiring"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "category", "region__order", "population_band"]
        verbose_name = _("fee schedule row")
        verbose_name_plural = _("fee schedule")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "category", "region", "population_band"],
                condition=Q(region__isnull=False, retired_on__isnull=True),
                name="one_fee_per_year_category_region",
            ),
            models.UniqueConstraint(
                fields=["year", "category", "population_band"],
                condition=Q(region__isnull=True, retired_on__isnull=True),
                name="one_flat_fee_per_year_category",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_positive"),
        ]

    def __str__(self) -> str:
        band = self.get_population_band_display() if self.population_band else "*"
        return f"{self.year} {self.category} {self.region or '*'} {band}: {self.currency} {self.amount}"


class DuesDecision(models.Model):
    """A decision (of the Board, the Secretary General…) that waives or reduces a member's dues
    for a year, with its reason and its reference; the year's issuing reads it."""

    class Kind(models.TextChoices):
        WAIVER = "waiver", _("Waiver")
        REDUCTION = "reduction", _("Reduction")

    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="dues_decisions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    percent = models.DecimalField(
        _("reduction (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a reduction: the share of the fee forgiven."),
    )
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("decision reference"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "organisation__name"]
        verbose_name = _("dues decision")
        verbose_name_plural = _("dues decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_dues_decision_per_member_and_year"
            ),
            models.CheckConstraint(
                condition=(Q(kind="waiver") & Q(percent__isnull=True))
                | (Q(kind="reduction") & Q(percent__gt=0) & Q(percent__lt=100)),
                name="dues_decision_percent_for_reductions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.year} · {self.get_kind_display()} ({self.reference})"


class DuesRun(models.Model):
    """One issuing of a year's dues: who issued how many invoices, when."""

    year = models.PositiveSmallIntegerField(_("year"))
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    invoices = models.PositiveIntegerField(_("invoices issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("issuing of dues")
        verbose_name_plural = _("issuings of dues")

    def __str__(self) -> str:
        return f"{self.year}: {self.invoices} ({self.created_at:%Y-%m-%d %H:%M})"


class Invoice(models.Model):
    """A member's dues for one year: one invoice per member organisation and year."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PAID = "paid", _("Paid")
        WAIVED = "waived", _("Waived")
        CANCELLED = "cancelled", _("Cancelled")
        CREDITED = "credited", _("Credited")

    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("member"), on_delete=models.PROTECT, related_name="invoices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=20, blank=True)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = _currency_field()
    fee = models.ForeignKey(
        FeeSchedule, verbose_name=_("fee rule"), on_delete=models.PROTECT, null=True, blank=True
    )
    decision = models.ForeignKey(
        DuesDecision, verbose_name=_("decision"), on_delete=models.PROTECT, null=True, blank=True
    )
    run = models.ForeignKey(
        DuesRun, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice_set"
    )
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    paid_amount = models.DecimalField(
        _("paid"), default=0, help_text=_("In the invoice's currency, from its payments."), **AMOUNT
    )
    credited_amount = models.DecimalField(
        _("credited"), default=0, help_text=_("In the invoice's currency, from its credit notes."), **AMOUNT
    )
    waiver_reason = models.TextField(_("reason for the waiver"), blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "organisation__name"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [models.Index(fields=["year", "status", "due_on"])]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="one_invoice_per_member_and_year"),
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="invoice_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(condition=Q(due_on__gte=F("issued_on")), name="invoice_due_after_issue"),
            models.CheckConstraint(
                condition=Q(paid_amount__gte=0)
                & Q(credited_amount__gte=0)
                & Q(paid_amount__lte=F("amount") - F("credited_amount")),
                name="invoice_not_overpaid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.year}"

    @property
    def balance(self):
        """What is still owed: the amount less payments and credit notes."""
        return self.amount - self.paid_amount - self.credited_amount


class Payment(models.Model):
    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Bank transfer")
        CARD = "card", _("Card")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = _currency_field()
    received_on = models.DateField(_("received"))
    method = models.CharField(
        pgettext_lazy("payment", "method"), max_length=10, choices=Method.choices, default=Method.TRANSFER
    )
    amount_in_invoice_currency = models.DecimalField(
        _("amount in the invoice's currency"), help_text=_("At the rates of the day received."), **AMOUNT
    )
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.currency} {self.amount} ({self.received_on})"


class IncomeLine(models.Model):
    """One line of the income ledger, in EUR, from a payment of dues or money under an agreement."""

    class Source(models.TextChoices):
        FEES = "fees", _("Membership fees")
        GRANTS = "grants", _("Grants")
        OTHER = "other", _("Other")

    date = models.DateField(_("date"))
    source = models.CharField(_("source of income"), max_length=10, choices=Source.choices)
    amount_eur = models.DecimalField(_("amount (EUR)"), **AMOUNT)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="income_line"
    )
    agreement = models.ForeignKey(
        Agreement, on_delete=models.PROTECT, null=True, blank=True, related_name="income_lines"
    )
    instalment = models.OneToOneField(
        Instalment, on_delete=models.PROTECT, null=True, blank=True, related_name="income_line"
    )
    amount = models.DecimalField(
        _("amount received"), null=True, blank=True, help_text=_("In the currency received."), **AMOUNT
    )
    currency = _currency_field(blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("income line")
        verbose_name_plural = _("income ledger")
        indexes = [models.Index(fields=["date", "source"])]
        constraints = [
            # Every line comes from exactly one payment or one agreement.
            models.CheckConstraint(
                condition=(Q(payment__isnull=False) & Q(agreement__isnull=True))
                | (Q(payment__isnull=True) & Q(agreement__isnull=False)),
                name="income_line_has_one_origin",
            ),
            # An instalment's money is money under its agreement.
            models.CheckConstraint(
                condition=Q(instalment__isnull=True) | Q(agreement__isnull=False),
                name="income_line_instalment_with_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_source_display()}: EUR {self.amount_eur}"


class CreditNote(models.Model):
    """A credit note reduces what a member owes on an invoice, with its reason and its own number."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(_("number"), max_length=20, unique=True)
    amount = models.DecimalField(_("amount"), help_text=_("In the invoice's currency."), **AMOUNT)
    reason = models.TextField(_("reason"))
    reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    issued_on = models.DateField(_("issued"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["issued_on", "pk"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_amount_positive")]

    def __str__(self) -> str:
        return f"{self.number} ({self.invoice})"


class Dispatch(models.Model):
    """An invoice or a reminder mailed to a member: to whom, when, or why it could not go."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        REMINDER = "reminder", _("Reminder")

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="dispatches")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    recipients = models.TextField(_("recipients"), blank=True)
    failure = models.CharField(_("not sent because"), max_length=300, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        indexes = [models.Index(fields=["invoice", "kind"])]

    def __str__(self) -> str:
        return f"{self.invoice} · {self.get_kind_display()} · {self.sent_at:%Y-%m-%d}"
