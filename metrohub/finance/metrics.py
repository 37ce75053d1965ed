"""Finance metrics: income by source and its shares, funding agreements.

Synthetic lines (demo data) never count: these figures stand beside what a report declared,
and a generated payment must not look like money the network received.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import QuerySet, Sum
from django.urls import reverse

from metrohub.core.metrics import metric, percentage
from metrohub.finance.models import Agreement, IncomeLine
from metrohub.finance.selectors import income_lines


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def _total(lines: QuerySet) -> Decimal:
    return lines.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)


def _share_of(source: str):
    def share(lines: QuerySet) -> Decimal:
        total = _total(lines)
        return percentage(_total(lines.filter(source=source)), total, places=2) if total else Decimal(0)

    return share


@metric(
    key="finance.income.fees",
    title="Income from membership fees",
    unit="EUR",
    records_url=lambda period: _url("finance:income", year=period, source="fees"),
    value=_total,
)
def income_fees(period: int):
    """Payments received against invoices in the year, in EUR at each day's rate (synthetic lines
    excluded); a payment dated later never changes a past year."""
    return income_lines(period).filter(source=IncomeLine.Source.FEES)


@metric(
    key="finance.income.grants",
    title="Income from grants",
    unit="EUR",
    records_url=lambda period: _url("finance:income", year=period, source="grants"),
    value=_total,
)
def income_grants(period: int):
    """Money received in the year under funding and award agreements — their instalments — in EUR
    at each day's rate (synthetic excluded). A fund's contribution is such an agreement's money,
    so it is counted here once."""
    return income_lines(period).filter(source=IncomeLine.Source.GRANTS)


@metric(
    key="finance.income.other",
    title="Other income",
    unit="EUR",
    records_url=lambda period: _url("finance:income", year=period, source="other"),
    value=_total,
)
def income_other(period: int):
    """Income of the year from neither dues nor grants, in EUR (synthetic lines excluded)."""
    return income_lines(period).filter(source=IncomeLine.Source.OTHER)


@metric(
    key="finance.agreements.funding",
    title="Funding agreements",
    unit="agreements",
    records_url=lambda period: _url("finance:agreements", kind="funding", year=period),
)
def agreements_funding(period: int):
    """Agreements of the kind "funding" the records place in the year, less those retired within
    it (one retired later still counted for its year: a past year's figure does not move)."""
    return Agreement.objects.filter(kind=Agreement.Kind.FUNDING, year=period).exclude(
        retired_on__year__lte=period
    )


@metric(
    key="finance.income.grants_share",
    title="Share of income from grants",
    unit="percent",
    records_url=lambda period: _url("finance:income", year=period),
    value=_share_of(IncomeLine.Source.GRANTS),
)
def income_grants_share(period: int):
    """Grant income as a percentage of all income of the year (0 when no income is on record)."""
    return income_lines(period)


@metric(
    key="finance.income.fees_share",
    title="Share of income from membership fees",
    unit="percent",
    records_url=lambda period: _url("finance:income", year=period),
    value=_share_of(IncomeLine.Source.FEES),
)
def income_fees_share(period: int):
    """Fee income as a percentage of all income of the year (0 when no income is on record)."""
    return income_lines(period)


@metric(
    key="finance.income.total",
    title="Total income",
    unit="EUR",
    records_url=lambda period: _url("finance:income", year=period),
    value=_total,
)
def income_total(period: int):
    """All income received in the year, every source, in EUR (synthetic lines excluded)."""
    return income_lines(period)


@metric(
    key="finance.agreements.total",
    title="Agreements with partners",
    unit="agreements",
    records_url=lambda period: _url("finance:agreements", year=period),
)
def agreements_total(period: int):
    """Agreements of every kind (cooperation, funding, in kind, award…) the records place in the year."""
    return Agreement.objects.filter(year=period)


# The key figures of money in, in the order the finance dashboard shows them.
KEY_FIGURES = (
    "finance.income.grants",
    "finance.income.fees",
    "finance.income.grants_share",
    "finance.income.fees_share",
    "finance.income.total",
    "finance.agreements.funding",
)


def key_figures(period: int) -> list[dict]:
    """Each key figure of the year computed from the ledger, with the address of its records."""
    from metrohub.core.metrics import REGISTRY

    return [
        {
            "key": key,
            "metric": REGISTRY[key],
            "value": REGISTRY[key].compute(period).value,
            "records_url": REGISTRY[key].records_url(period),
        }
        for key in KEY_FIGURES
    ]
