"""What the year's issuing would do, member by member, read in a fixed number of queries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from metrohub.core.money import CENT
from metrohub.finance.models import DuesDecision, FeeSchedule, Invoice, PopulationBand
from metrohub.finance.selectors import arrears_years, overdue_filter
from metrohub.network.models import MembershipPeriod


def live_fees(year: int) -> QuerySet[FeeSchedule]:
    return FeeSchedule.objects.filter(year=year, retired_on__isnull=True)


def pick_fee(fees: list[FeeSchedule], *, category: str, region_id: int | None, population: int | None):
    """The most specific live rule for a member: region and band, then region, then band, then
    the flat fee. Returns (fee, None) or (None, the reason there is none)."""
    band = PopulationBand.of(population)
    candidates = [fee for fee in fees if fee.category == category]
    for want_region, want_band in ((region_id, band), (region_id, ""), (None, band), (None, "")):
        if want_band is None:  # no population on record: no band's rule applies
            continue
        for fee in candidates:
            if fee.region_id == want_region and fee.population_band == want_band:
                return fee, None
    category_label = MembershipPeriod.Category(category).label
    if not candidates:
        return None, _("The fee schedule has no %(category)s fee this year.") % {"category": category_label}
    if population is None and all(fee.population_band for fee in candidates):
        return None, _("No population on record, and every %(category)s fee is set by population band.") % {
            "category": category_label
        }
    if region_id is None and all(fee.region_id for fee in candidates):
        return None, _("No region on record, and every %(category)s fee is set by region.") % {
            "category": category_label
        }
    return None, _("No %(category)s fee applies to this member's region and population.") % {
        "category": category_label
    }


@dataclass
class Quote:
    """What one member would be invoiced, or why not."""

    organisation_id: int
    name: str
    region: str
    category: str
    fee: FeeSchedule | None = None
    decision: DuesDecision | None = None
    amount: Decimal | None = None
    currency: str = ""
    reason: str = ""


def reduced(amount: Decimal, decision: DuesDecision | None) -> Decimal:
    if decision is None or decision.kind != DuesDecision.Kind.REDUCTION:
        return amount
    return (amount * (100 - decision.percent) / 100).quantize(CENT, ROUND_HALF_UP)


@dataclass
class Preview:
    year: int
    to_issue: list[Quote] = field(default_factory=list)
    no_rule: list[Quote] = field(default_factory=list)
    waived: list[Quote] = field(default_factory=list)
    already: int = 0

    @property
    def totals(self) -> list[dict]:
        """Counts and totals by region and currency."""
        sums: dict[tuple[str, str], list] = defaultdict(lambda: [0, Decimal(0)])
        for quote in self.to_issue:
            row = sums[(quote.region, quote.currency)]
            row[0] += 1
            row[1] += quote.amount
        return [
            {"region": region, "currency": currency, "count": count, "total": total}
            for (region, currency), (count, total) in sorted(sums.items())
        ]

    @property
    def currency_totals(self) -> list[dict]:
        sums: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
        for quote in self.to_issue:
            sums[quote.currency][0] += 1
            sums[quote.currency][1] += quote.amount
        return [{"currency": c, "count": n, "total": t} for c, (n, t) in sorted(sums.items())]


def dues_preview(year: int) -> Preview:
    """Every member active during `year` without an invoice for it: what it would be invoiced, or
    why not (no fee rule; waived by decision). Five queries, however many members."""
    periods = (
        MembershipPeriod.objects.active_during(year)
        .filter(membership__organisation__isnull=False)
        .values(
            "category",
            "start",
            "pk",
            "membership__organisation_id",
            "membership__organisation__name",
            "membership__organisation__region_id",
            "membership__organisation__region__name",
            "membership__organisation__population",
        )
    )
    latest: dict[int, dict] = {}
    for period in periods:
        key = period["membership__organisation_id"]
        before = latest.get(key)
        if before is None or (period["start"] or dt.date.min, period["pk"]) > (
            before["start"] or dt.date.min,
            before["pk"],
        ):
            latest[key] = period
    invoiced = set(Invoice.objects.filter(year=year).values_list("organisation_id", flat=True))
    fees = list(live_fees(year))
    decisions = {d.organisation_id: d for d in DuesDecision.objects.filter(year=year)}
    preview = Preview(year=year)
    for organisation_id, period in sorted(
        latest.items(), key=lambda kv: kv[1]["membership__organisation__name"]
    ):
        if organisation_id in invoiced:
            preview.already += 1
            continue
        region_name = period["membership__organisation__region__name"]
        quote = Quote(
            organisation_id=organisation_id,
            name=period["membership__organisation__name"],
            region=_(region_name) if region_name else _("No region"),
            category=period["category"],
            decision=decisions.get(organisation_id),
        )
        if quote.decision is not None and quote.decision.kind == DuesDecision.Kind.WAIVER:
            quote.reason = _("Waived by decision %(reference)s: %(reason)s") % {
                "reference": quote.decision.reference,
                "reason": quote.decision.reason,
            }
            preview.waived.append(quote)
            continue
        quote.fee, reason = pick_fee(
            fees,
            category=period["category"],
            region_id=period["membership__organisation__region_id"],
            population=period["membership__organisation__population"],
        )
        if quote.fee is None:
            quote.reason = reason
            preview.no_rule.append(quote)
            continue
        quote.amount, quote.currency = reduced(quote.fee.amount, quote.decision), quote.fee.currency
        preview.to_issue.append(quote)
    return preview


# The years whose dues the member still owes past their due date: one rule, finance's, read by
# calls' eligibility (good standing), the portal's standing and the dues pages.
years_in_arrears = arrears_years


def unpaid_for_reminder(year: int | None = None, *, today: dt.date | None = None) -> QuerySet[Invoice]:
    """Invoices in arrears (open, past due), oldest first: those a reminder goes to."""
    invoices = Invoice.objects.filter(overdue_filter(today))
    if year is not None:
        invoices = invoices.filter(year=year)
    return invoices.order_by("due_on", "pk")
