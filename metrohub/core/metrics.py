"""The registry of metrics: named, documented selectors over the records for a period.

A metric returns its value and the queryset behind it, so every figure can be opened down
to its records. A declared figure (what a document said) is matched to the metric of the
same key; `reconcile` puts the two side by side.

Each app registers its metrics in its own `metrics.py`, which `CoreConfig.ready()` imports; so MEL,
the annual report and the dashboards read figures without importing the apps that make them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from metrohub.core.models import DeclaredFigure


def percentage(part, whole, *, places: int = 1) -> Decimal | None:
    """`part` as a percentage of `whole`, rounded half up to `places` decimals, as a report prints
    it (2 of 7 is 28.6); None when `whole` is nothing: no share of nothing is shown as 0 %.

    The one way metrohub computes a share, so two pages never round the same figure differently."""
    if not whole:
        return None
    return (Decimal(100) * Decimal(part) / Decimal(whole)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    value: Decimal
    records: QuerySet


@dataclass(frozen=True)
class Part:
    """One slice of a metric's figure: its value for one dimension's value (IATI `dimension`)."""

    dimension: str
    code: str
    label: str
    value: Decimal
    records_url: str | None = None


@dataclass(frozen=True)
class Metric:
    key: str
    title: str
    unit: str
    description: str
    compute: Callable[[int], Figure]
    records_url: Callable[[int], str] | None = None
    breakdown: Callable[[int], list[Part]] | None = None
    # Why the records behind this metric carry no date (so its value cannot differ by year); empty
    # for every metric that honours its period as of that period (mel/tests/test_metric_periods.py).
    undated: str = ""
    # For a count of records tagged with an action line (events, grants, publications, courses,
    # projects): `(period, code) -> url` of those records of one action line ("activity per action line").
    action_line_url: Callable[[int, str], str] | None = None
    # The records alone (`compute` also counts them): for readers that group them themselves.
    select: Callable[[int], QuerySet] | None = None

    def parts(self, period: int) -> list[Part]:
        return self.breakdown(period) if self.breakdown is not None else []


REGISTRY: dict[str, Metric] = {}


def metric(
    *,
    key: str,
    title: str,
    unit: str,
    records_url: Callable[[int], str] | None = None,
    value: Callable[[QuerySet], Decimal] | None = None,
    breakdown: Callable[[int], list[Part]] | None = None,
    undated: str = "",
    action_line_url: Callable[[int, str], str] | None = None,
):
    """Register a function `period -> queryset`; its value is the number of records, or what
    `value(records)` makes of them (a sum of money, a share). `breakdown(period)` gives the
    figure by dimension (region, category, gender) where the metric can be disaggregated.

    A metric answers for its period as of that period: a figure for a past year never moves when
    records dated later are added. One whose records carry no date says why in `undated`."""

    def register(selector: Callable[[int], QuerySet]) -> Callable[[int], QuerySet]:
        def compute(period: int) -> Figure:
            records = selector(period)
            figure = value(records) if value is not None else records.count()
            return Figure(value=Decimal(figure), records=records)

        REGISTRY[key] = Metric(
            key=key,
            title=title,
            unit=unit,
            description=(selector.__doc__ or "").strip(),
            compute=compute,
            records_url=records_url,
            breakdown=breakdown,
            undated=undated,
            action_line_url=action_line_url,
            select=selector,
        )
        return selector

    return register


@dataclass(frozen=True)
class Reconciliation:
    declared: DeclaredFigure
    metric: Metric | None
    computed: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.computed is None else self.computed - self.declared.value

    @property
    def agrees(self) -> bool:
        return self.difference == 0

    @property
    def records_url(self) -> str | None:
        if self.metric is None or self.metric.records_url is None:
            return None
        return self.metric.records_url(self.declared.period)


def reconcile(*, period: int, prefix: str = "") -> list[Reconciliation]:
    """Each declared figure of the period beside what the records compute for it."""

    rows = []
    # In the order the document gave them.
    for declared in DeclaredFigure.objects.filter(period=period, key__startswith=prefix).order_by("pk"):
        found = REGISTRY.get(declared.key)
        computed = found.compute(period).value if found else None
        rows.append(Reconciliation(declared=declared, metric=found, computed=computed))
    return rows
