"""Reads of the results framework: each indicator's target and result for a year, with the link
to the records or the source behind every figure.

A computed indicator's result is its metric's value, computed when it is shown (never stored):
it opens down to the metric's records. A manual or qualitative result is a stored `Result`,
which opens to the indicator's page where its evidence and source are shown.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrohub.core.metrics import REGISTRY, Part
from metrohub.core.models import ActionLine, DeclaredFigure
from metrohub.mel.models import Indicator, Outcome, Result, Target

FIRST_PERIOD = 2024  # the first year of the 2024–2026 Strategic Action Plan

# The one rule for an indicator's status, as TolaData and ActivityInfo show it. Progress is the
# result as a share of the target (for an indicator where lower is better, the target as a share
# of the result). From ON_TRACK up an indicator is on track, from AT_RISK up at risk, below that
# off track. An indicator without a target, a numeric result or a direction has no status.
# The values are settings (METROHUB_MEL_ON_TRACK, METROHUB_MEL_AT_RISK), not facts: no document
# of the network states them; see config/settings.py for where they come from.
ON_TRACK = Decimal(settings.METROHUB_MEL_ON_TRACK)
AT_RISK = Decimal(settings.METROHUB_MEL_AT_RISK)


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")


def progress(*, target: Decimal | None, result: Decimal | None, direction: str) -> Decimal | None:
    """The result as a share of the target (1 is the target met), or None when it cannot be said."""
    if target is None or result is None or direction == Indicator.Direction.NONE:
        return None
    if direction == Indicator.Direction.DOWN:
        if result <= 0:
            return Decimal(1) if target >= 0 else None
        return target / result
    if target <= 0:
        return None
    return result / target


def status_rule() -> dict[str, int]:
    """The thresholds, in percent, as the dashboard explains them."""
    return {"on_track": int(ON_TRACK * 100), "at_risk": int(AT_RISK * 100)}


def status(share: Decimal | None) -> Status | None:
    if share is None:
        return None
    if share >= ON_TRACK:
        return Status.ON_TRACK
    return Status.AT_RISK if share >= AT_RISK else Status.OFF_TRACK


@dataclass(frozen=True)
class Value:
    """A figure and where it comes from: `url` opens its records or its declared source."""

    value: Decimal | None
    url: str
    narrative: str = ""
    source: str = ""


@dataclass
class IndicatorFigures:
    indicator: Indicator
    period: int
    target: Target | None
    result: Value | None
    available: bool
    declared: DeclaredFigure | None = None
    parts: list[Part] = field(default_factory=list)
    target_parts: list[Target] = field(default_factory=list)
    result_parts: list[Result] = field(default_factory=list)

    @property
    def detail_url(self) -> str:
        return reverse("mel:indicator", args=[self.indicator.code])

    @property
    def progress(self) -> Decimal | None:
        """Progress toward the target (1 is met), by the rule above."""
        return progress(
            target=self.target.value if self.target else None,
            result=self.result.value if self.result else None,
            direction=self.indicator.direction,
        )

    @property
    def progress_percent(self) -> Decimal | None:
        share = self.progress
        return None if share is None else (share * 100).quantize(Decimal(1))

    @property
    def status(self) -> Status | None:
        return status(self.progress)

    @property
    def target_url(self) -> str:
        return _anchor(self.indicator, "target", self.target.pk) if self.target else ""


def _anchor(indicator: Indicator, name: str, pk: int) -> str:
    return f"{reverse('mel:indicator', args=[indicator.code])}#{name}-{pk}"


def declared_url(declared: DeclaredFigure) -> str:
    return f"{reverse('reports:sources', args=[declared.period])}#declared-{declared.key}"


def indicator_figures(indicator: Indicator, period: int, *, declared: dict | None = None) -> IndicatorFigures:
    targets = [t for t in indicator.targets.all() if t.period == period]
    results = [r for r in indicator.results.all() if r.period == period]
    target = next((t for t in targets if not t.dimension), None)
    figures = IndicatorFigures(
        indicator=indicator,
        period=period,
        target=target,
        result=None,
        available=True,
        target_parts=[t for t in targets if t.dimension],
        result_parts=[r for r in results if r.dimension],
    )
    if indicator.kind == Indicator.Kind.COMPUTED:
        found = REGISTRY.get(indicator.metric_key)
        if found is None:
            figures.available = False
            return figures
        url = (
            found.records_url(period)
            if found.records_url
            else reverse("mel:indicator", args=[indicator.code])
        )
        figures.result = Value(value=found.compute(period).value, url=url)
        figures.parts = found.parts(period)
        if declared is None:
            declared = {
                d.key: d for d in DeclaredFigure.objects.filter(period=period, key=indicator.metric_key)
            }
        figures.declared = declared.get(indicator.metric_key)
    elif whole := next((r for r in results if not r.dimension), None):
        figures.result = Value(
            value=whole.value,
            url=_anchor(indicator, "result", whole.pk),
            narrative=whole.narrative,
            source=whole.source or whole.evidence,
        )
    return figures


def framework() -> list[ActionLine]:
    """The action lines the framework has outcomes for, with their outcomes and indicators,
    targets and stored results, in few queries."""
    indicators = Indicator.objects.prefetch_related("targets", "results")
    outcomes = Outcome.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    lines = ActionLine.objects.filter(pk__in=Outcome.objects.values("action_line"))
    return list(lines.prefetch_related(Prefetch("outcomes", queryset=outcomes)))


@dataclass
class ActionLineFigures:
    action_line: ActionLine
    rows: list[IndicatorFigures]


def dashboard(period: int) -> list[ActionLineFigures]:
    declared = {d.key: d for d in DeclaredFigure.objects.filter(period=period)}
    return [
        ActionLineFigures(
            action_line=line,
            rows=[
                indicator_figures(indicator, period, declared=declared)
                for outcome in line.outcomes.all()
                for indicator in outcome.indicators.all()
            ],
        )
        for line in framework()
    ]


def periods() -> list[int]:
    """The years the framework covers: from its first year to this one, and any year a target
    or a result names."""
    years = set(range(FIRST_PERIOD, timezone.now().year + 1))
    years |= set(Target.objects.values_list("period", flat=True))
    years |= set(Result.objects.values_list("period", flat=True))
    return sorted(years)


def indicator_history(indicator: Indicator) -> list[IndicatorFigures]:
    return [indicator_figures(indicator, period) for period in periods()]


# Activity per action line: the records of the year (events, grants, publications, courses,
# projects) counted by the action line each is tagged with, read from the metrics that declare an
# `action_line_url`, so MEL never imports the apps that hold the records.
ACTIVITY = (
    ("events.events.total", _("Events")),
    ("fund.grants", _("Grants")),
    ("comms.publications", _("Publications")),
    ("programs.courses", _("Courses")),
    ("projects.projects", _("Projects")),
)


@dataclass(frozen=True)
class ActivityCell:
    value: int
    url: str


@dataclass
class ActivityRow:
    code: str  # an action line's code, or NO_ACTION_LINE
    label: str
    cells: list[ActivityCell]

    @property
    def total(self) -> int:
        return sum(cell.value for cell in self.cells)


@dataclass
class Activity:
    period: int
    kinds: list[tuple[str, str]]  # (metric key, title), the table's columns
    rows: list[ActivityRow]
    totals: list[ActivityCell]

    @property
    def total(self) -> int:
        return sum(cell.value for cell in self.totals)


def activity_by_action_line(period: int) -> Activity:
    """Per action line (and a row for records with none on record), how many of each kind of record
    the year counts, each count opening its records; one query per kind, plus the action lines."""
    from metrohub.core.action_lines import NO_ACTION_LINE

    kinds = [(key, label) for key, label in ACTIVITY if key in REGISTRY and REGISTRY[key].action_line_url]
    metrics = [REGISTRY[key] for key, _label in kinds]
    lines = [(line.code, str(line)) for line in ActionLine.objects.all()]
    lines.append((NO_ACTION_LINE, str(_("No action line on record"))))
    counts = []
    for found in metrics:
        records = found.select(period)
        grouped = records.order_by().values("action_line__code").annotate(n=models.Count("pk", distinct=True))
        counts.append({row["action_line__code"] or NO_ACTION_LINE: row["n"] for row in grouped})
    rows = [
        ActivityRow(
            code=code,
            label=label,
            cells=[
                ActivityCell(by_code.get(code, 0), found.action_line_url(period, code))
                for found, by_code in zip(metrics, counts, strict=True)
            ],
        )
        for code, label in lines
    ]
    totals = [
        ActivityCell(sum(by_code.values()), found.records_url(period) if found.records_url else "")
        for found, by_code in zip(metrics, counts, strict=True)
    ]
    return Activity(
        period=period, kinds=[(key, str(label)) for key, label in kinds], rows=rows, totals=totals
    )
