"""The results framework: action lines → outcomes → indicators, their targets and results per
period, and the learning log.

A computed indicator names a metric of the registry (`metrohub.core.metrics.REGISTRY`); its
results are computed from the records when they are shown, never stored, so a figure cannot go
stale and always opens down to the records behind it. Manual and qualitative indicators store
their results here, each with its evidence.

The action lines are the network's own, defined once in `core` (`metrohub.core.models.ActionLine`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Origin(models.TextChoices):
    REPORT = "report", _("stated by the report")
    METROHUB = "metrohub", _("metrohub's own framework")


class Outcome(models.Model):
    action_line = models.ForeignKey(
        "core.ActionLine", verbose_name=_("action line"), on_delete=models.PROTECT, related_name="outcomes"
    )
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.METROHUB)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["action_line__order", "code"]
        verbose_name = pgettext_lazy("results framework", "outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COMPUTED = "computed", _("computed from a metric")
        MANUAL = "manual", _("manual value with evidence")
        QUALITATIVE = "qualitative", _("qualitative narrative with evidence")

    class Direction(models.TextChoices):
        UP = "up", _("higher is better")
        DOWN = "down", _("lower is better")
        NONE = "none", _("no direction")

    outcome = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    metric_key = models.CharField(_("metric"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_period = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.METROHUB)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["outcome__action_line__order", "outcome__code", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="computed", metric_key__gt="") | ~models.Q(kind="computed"),
                name="computed_indicator_names_a_metric",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Dimension(models.TextChoices):
    """Disaggregations IATI 2.03 allows as free name/value pairs; these are the ones we use."""

    GENDER = "gender", _("gender")
    REGION = "region", _("region")
    CATEGORY = "category", _("member category")


class _PerPeriod(models.Model):
    """A value for one indicator and year, for the whole or for one dimension's value."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices, blank=True)
    dimension_value = models.CharField(_("dimension value"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Target(_PerPeriod):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period", "dimension", "dimension_value"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "dimension", "dimension_value"], name="one_target_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class Result(_PerPeriod):
    """What a manual or qualitative indicator achieved in a year, with its evidence."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    narrative = models.TextField(_("narrative"), blank=True)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period", "dimension", "dimension_value"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "dimension", "dimension_value"], name="one_result_per_period"
            )
        ]

    def __str__(self) -> str:
        shown = self.value if self.value is not None else self.narrative[:40]
        return f"{self.indicator.code} {self.period}: {shown}"


class LearningEntry(models.Model):
    class Kind(models.TextChoices):
        LESSON = "lesson", _("lesson")
        STORY = "story", _("story of change")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    period = models.PositiveSmallIntegerField(_("year"))
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="learning", verbose_name=_("indicators")
    )
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period", "-created_at", "-pk"]
        verbose_name = _("learning entry")
        verbose_name_plural = _("learning entries")

    def __str__(self) -> str:
        return self.title
