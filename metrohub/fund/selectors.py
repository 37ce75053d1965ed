"""Reads over the funds: the summary a dashboard shows, grants with their tranches."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from metrohub.core.metrics import percentage
from metrohub.fund.models import Fund, Grant


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


def grant_list(*, fund: int | None = None) -> QuerySet[Grant]:
    """Grants with their fund, grantee and call, the latest first."""
    grants = Grant.objects.select_related("fund", "application__organisation", "application__call")
    if fund:
        grants = grants.filter(fund_id=fund)
    return grants.order_by("-awarded_at", "-pk")
