"""Reads over the funds: the summary a dashboard shows, grants with their tranches."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from metrohub.core.metrics import percentage
from metrohub.finance.models import IncomeLine
from metrohub.fund.models import Contribution, Fund, Grant, Tranche


@dataclass(frozen=True)
class FundSummary:
    fund: Fund
    target: Decimal | None
    raised: Decimal
    received: Decimal
    committed: Decimal
    disbursed: Decimal
    available: Decimal
    toward_target: Decimal

    @property
    def target_percent(self) -> Decimal | None:
        return percentage(self.toward_target, self.target)


def fund_summary(fund: Fund) -> FundSummary:
    return FundSummary(
        fund=fund,
        target=fund.target_amount,
        raised=fund.raised(),
        received=fund.received(),
        committed=fund.committed(),
        disbursed=fund.disbursed(),
        available=fund.available(),
        toward_target=fund.raised_toward_target(),
    )


def _total(queryset, field: str, link: str):
    """The sum of `field` over the rows of `queryset` tied to the outer fund by `link`, 0 if none."""
    rows = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link)
    amount = DecimalField(max_digits=16, decimal_places=2)
    return Coalesce(
        Subquery(rows.annotate(total=Sum(field)).values("total"), output_field=amount),
        Value(0),
        output_field=amount,
    )


def fund_summaries() -> list[FundSummary]:
    """Every fund's summary in one query, the figures `fund_summary` gives one fund at a time."""
    in_target_years = Contribution.objects.filter(
        year__gte=Coalesce(OuterRef("target_from"), Value(0)),
        year__lte=Coalesce(OuterRef("target_until"), Value(9999)),
    )
    funds = Fund.objects.annotate(
        total_raised=_total(Contribution.objects, "pledged_eur", "fund"),
        total_received=_total(IncomeLine.objects, "amount_eur", "agreement__fund_contribution__fund"),
        total_committed=_total(Grant.objects, "amount", "fund"),
        total_disbursed=_total(Tranche.objects.filter(paid_on__isnull=False), "amount", "grant__fund"),
        total_toward_target=_total(in_target_years, "pledged_eur", "fund"),
    )
    return [
        FundSummary(
            fund=fund,
            target=fund.target_amount,
            raised=fund.total_raised,
            received=fund.total_received,
            committed=fund.total_committed,
            disbursed=fund.total_disbursed,
            available=fund.total_raised - fund.total_committed,
            toward_target=fund.total_toward_target,
        )
        for fund in funds
    ]


def grant_list(*, fund: int | None = None) -> QuerySet[Grant]:
    """Grants with their fund, grantee and call, the latest first."""
    grants = Grant.objects.select_related("fund", "application__organisation", "application__call")
    if fund:
        grants = grants.filter(fund_id=fund)
    return grants.order_by("-awarded_at", "-pk")


def contributions_of(fund: Fund) -> QuerySet[Contribution]:
    """A fund's contributions with their agreement, donor and what the ledger holds as received
    under each (`received_total`, EUR), in one query."""
    amount = DecimalField(max_digits=16, decimal_places=2)
    return (
        fund.contributions.select_related("donor", "agreement")
        .annotate(
            received_total=Coalesce(Sum("agreement__income_lines__amount_eur"), Value(0), output_field=amount)
        )
        .order_by("year", "pledged_on", "pk")
    )
