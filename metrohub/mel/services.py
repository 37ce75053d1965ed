"""Every write to the results framework. Pages, the loader and the admin all come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader).
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.metrics import REGISTRY
from metrohub.core.models import ActionLine
from metrohub.core.permissions import acting_user, ensure_allowed, is_system
from metrohub.mel.models import Indicator, LearningEntry, Outcome, Result, Target
from metrohub.mel.permissions import can_add_learning, can_manage_mel


def _dimension_pair(dimension: str, dimension_value: str) -> tuple[str, str]:
    dimension, dimension_value = (dimension or "").strip(), (dimension_value or "").strip()
    if bool(dimension) != bool(dimension_value):
        raise DomainError(_("A disaggregation needs both a dimension and its value."))
    return dimension, dimension_value


@transaction.atomic
def outcome_ensure(*, actor, action_line: ActionLine, code: str, title: str, **fields) -> Outcome:
    ensure_allowed(actor, can_manage_mel)
    found = Outcome.objects.filter(code=code).first()
    return found or save_as(Outcome(action_line=action_line, code=code, title=title, **fields), actor)


@transaction.atomic
def indicator_ensure(*, actor, outcome: Outcome, code: str, title: str, kind: str, **fields) -> Indicator:
    """Create an indicator; a computed one must name a metric (it may be registered later, by the
    app that computes it: until then the dashboard says it is not available)."""
    ensure_allowed(actor, can_manage_mel)
    if found := Indicator.objects.filter(code=code).first():
        return found
    if kind == Indicator.Kind.COMPUTED and not fields.get("metric_key"):
        raise DomainError(_("A computed indicator needs the key of a metric."))
    if kind != Indicator.Kind.COMPUTED and fields.get("metric_key"):
        raise DomainError(_("Only a computed indicator names a metric."))
    return save_as(Indicator(outcome=outcome, code=code, title=title, kind=kind, **fields), actor)


@transaction.atomic
def target_set(
    *,
    actor,
    indicator: Indicator,
    period: int,
    value: Decimal,
    dimension: str = "",
    dimension_value: str = "",
    source: str = "",
) -> Target:
    """Set (or change) the target of a year, for the whole or for one dimension's value."""
    ensure_allowed(actor, can_manage_mel)
    if indicator.kind == Indicator.Kind.QUALITATIVE:
        raise DomainError(_("A qualitative indicator has no numeric target."))
    dimension, dimension_value = _dimension_pair(dimension, dimension_value)
    target = Target.objects.filter(
        indicator=indicator, period=period, dimension=dimension, dimension_value=dimension_value
    ).first() or Target(
        indicator=indicator, period=period, dimension=dimension, dimension_value=dimension_value
    )
    target.value, target.source = value, source
    return save_as(target, actor)


@transaction.atomic
def result_record(
    *,
    actor,
    indicator: Indicator,
    period: int,
    value: Decimal | None = None,
    narrative: str = "",
    evidence: str = "",
    dimension: str = "",
    dimension_value: str = "",
    source: str = "",
) -> Result:
    """Record what a manual or qualitative indicator achieved in a year, with its evidence.

    A computed indicator's results come from its metric and are never typed in."""
    ensure_allowed(actor, can_manage_mel)
    if indicator.kind == Indicator.Kind.COMPUTED:
        raise DomainError(_("A computed indicator's results come from the records; they cannot be typed in."))
    if indicator.kind == Indicator.Kind.MANUAL and value is None:
        raise DomainError(_("A manual indicator's result needs a value."))
    if indicator.kind == Indicator.Kind.QUALITATIVE and not narrative.strip():
        raise DomainError(_("A qualitative indicator's result needs a narrative."))
    if not (evidence.strip() or source.strip()):
        raise DomainError(_("Say what the result rests on: give its evidence."))
    dimension, dimension_value = _dimension_pair(dimension, dimension_value)
    result = Result.objects.filter(
        indicator=indicator, period=period, dimension=dimension, dimension_value=dimension_value
    ).first() or Result(
        indicator=indicator, period=period, dimension=dimension, dimension_value=dimension_value
    )
    result.value, result.narrative, result.evidence, result.source = (
        value,
        narrative.strip(),
        evidence.strip(),
        source,
    )
    if not is_system(actor) and result.created_by_id is None:
        result.created_by = actor
    return save_as(result, actor)


@transaction.atomic
def learning_entry_add(
    *,
    actor,
    kind: str,
    title: str,
    text: str,
    period: int,
    indicators=(),
    evidence: str = "",
    source: str = "",
) -> LearningEntry:
    """A lesson or a story of change, tied to the indicators and the year it speaks of."""
    ensure_allowed(actor, can_add_learning)
    if not title.strip() or not text.strip():
        raise DomainError(_("A learning entry needs a title and a text."))
    entry = LearningEntry(
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        period=period,
        evidence=evidence.strip(),
        source=source,
        created_by=acting_user(actor),
    )
    save_as(entry, actor)
    entry.indicators.set(indicators)
    return entry


def metric_available(indicator: Indicator) -> bool:
    return indicator.kind == Indicator.Kind.COMPUTED and indicator.metric_key in REGISTRY
