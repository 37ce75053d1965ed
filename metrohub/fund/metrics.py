"""Fund metrics: money raised, committed and disbursed, grants awarded. Synthetic rows (demo
data) never count: these figures stand beside what a report declared."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Max, QuerySet, Sum
from django.urls import reverse

from metrohub.core.metrics import metric
from metrohub.fund.models import Contribution, Fund, Grant, Tranche


def _sum(field: str):
    def total(records: QuerySet) -> Decimal:
        return records.aggregate(total=Sum(field))["total"] or Decimal(0)

    return total


def _funds(period: int) -> str:
    return reverse("fund:funds")


def _grants(period: int) -> str:
    return reverse("fund:grants")


@metric(
    key="fund.raised",
    title="Money raised for grant funds",
    unit="EUR",
    records_url=_funds,
    value=_sum("pledged_eur"),
)
def raised(period: int):
    """Contributions donors secured in the year for the network's funds, in EUR."""
    return Contribution.objects.filter(year=period, synthetic=False)


@metric(
    key="fund.max_grant",
    title="Largest grant a fund offers",
    unit="EUR",
    records_url=_funds,
    value=lambda funds: funds.aggregate(most=Max("max_grant"))["most"] or Decimal(0),
)
def max_grant(period: int):
    """The highest cap on one grant among the funds raising money in the year."""
    return Fund.objects.filter(
        synthetic=False, max_grant__isnull=False, contributions__year=period
    ).distinct()


@metric(
    key="fund.target.additional",
    title="Additional funding targeted",
    unit="EUR",
    records_url=_funds,
    value=_sum("target_amount"),
)
def target_additional(period: int):
    """Fundraising targets set for the years after `period` (the report's "additional" target)."""
    return Fund.objects.filter(synthetic=False, target_from=period + 1)


@metric(
    key="fund.committed",
    title="Grants awarded (amount)",
    unit="EUR",
    records_url=_grants,
    value=_sum("amount"),
)
def committed(period: int):
    """Grants awarded in the year, in EUR."""
    return Grant.objects.filter(awarded_at__year=period, synthetic=False)


@metric(
    key="fund.grants",
    title="Grants awarded",
    unit="grants",
    records_url=lambda period: f"{reverse('fund:grants')}?{urlencode({'year': period})}",
    action_line_url=lambda period, code: (
        f"{reverse('fund:grants')}?{urlencode({'year': period, 'action_line': code})}"
    ),
)
def grants(period: int):
    """The number of grants awarded in the year."""
    return Grant.objects.filter(awarded_at__year=period, synthetic=False)


@metric(
    key="fund.disbursed", title="Grant money disbursed", unit="EUR", records_url=_grants, value=_sum("amount")
)
def disbursed(period: int):
    """Tranches of grants paid in the year, in EUR."""
    return Tranche.objects.filter(paid_on__year=period, grant__synthetic=False)
