"""Metro Futures: the catalogue, the draft data and the immutable releases the public reads.

The database holds drafts: what has been imported and not yet published. A release is a
snapshot of the drafts written as Parquet files (see `release_writer.py`); the public pages and
the API read releases only, so a draft cannot reach them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Dimension(models.Model):
    """One of the four dimensions Metro Futures tracks: resilience, inclusion, governance, innovation."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")

    def __str__(self) -> str:
        return self.name


class CityIndicator(models.Model):
    """An indicator measured for cities, with the frameworks it maps to."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    definition = models.TextField(_("definition"))
    unit = models.CharField(_("unit"), max_length=60)
    numerator = models.CharField(_("numerator"), max_length=300, blank=True)
    denominator = models.CharField(_("denominator"), max_length=300, blank=True)
    method = models.TextField(
        pgettext_lazy("indicator", "method"),
        blank=True,
        help_text=_("How the indicator is calculated or collected, where its source says so."),
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.PROTECT, related_name="indicators"
    )
    iso37120_theme = models.CharField(_("ISO 37120 theme"), max_length=100, blank=True)
    sdg_target = models.CharField(_("SDG target"), max_length=20, blank=True, help_text=_("e.g. 11.6.2"))
    umf_ref = models.CharField(_("UN-Habitat UMF reference"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    plausible_min = models.FloatField(_("plausible minimum"), null=True, blank=True)
    plausible_max = models.FloatField(_("plausible maximum"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__order", "code"]
        verbose_name = _("city indicator")
        verbose_name_plural = _("city indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(plausible_min__isnull=True)
                | Q(plausible_max__isnull=True)
                | Q(plausible_min__lte=models.F("plausible_max")),
                name="futures_indicator_plausible_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class City(models.Model):
    """A city with data in Metro Futures; tied to the registry's organisation when it is a member."""

    code = models.SlugField(_("code"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    organisation = models.OneToOneField(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="futures_city",
    )
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")

    def __str__(self) -> str:
        return self.name


class Import(models.Model):
    """The provenance of one imported file."""

    class Kind(models.TextChoices):
        OBSERVATIONS = "observations", _("Observations")
        STRATEGIES = "strategies", _("Strategies")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    format = models.CharField(_("format"), max_length=20)
    row_count = models.PositiveIntegerField(_("rows"))
    imported_by = models.ForeignKey(
        "accounts.User", verbose_name=_("imported by"), on_delete=models.PROTECT, null=True, blank=True
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"


class Observation(models.Model):
    """A draft value of an indicator for a city and year.

    No row history here: observations arrive by the hundred thousand, and each file is kept
    as an `Import` (name, hash, who, when), while every published release keeps its snapshot.
    """

    class Boundary(models.TextChoices):
        MUNICIPAL = "municipal", _("Municipal")
        METROPOLITAN = "metropolitan", _("Metropolitan")
        FUNCTIONAL = "functional", _("Functional urban area")

    class Method(models.TextChoices):
        MEASURED = "measured", _("Measured")
        ESTIMATED = "estimated", _("Estimated")
        MODELLED = "modelled", _("Modelled")

    # The unique constraint's index serves lookups by city; the other keys need none.
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="observations", db_index=False)
    indicator = models.ForeignKey(
        CityIndicator, on_delete=models.PROTECT, related_name="observations", db_index=False
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    boundary = models.CharField(
        _("boundary"), max_length=20, choices=Boundary.choices, default=Boundary.MUNICIPAL
    )
    method = models.CharField(
        pgettext_lazy("observation", "method"), max_length=20, choices=Method.choices, default=Method.MEASURED
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    imported = models.ForeignKey(
        Import, on_delete=models.PROTECT, null=True, blank=True, related_name="observations", db_index=False
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)

    class Meta:
        ordering = ["city", "indicator", "year"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "indicator", "year", "boundary"], name="futures_observation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.indicator.code} · {self.year}: {self.value}"


class Strategy(models.Model):
    """A local or metropolitan strategy, with the dimensions and SDGs it addresses."""

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        METROPOLITAN = "metropolitan", _("Metropolitan")

    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="strategies"
    )
    title = models.CharField(_("title"), max_length=300)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year_adopted = models.PositiveSmallIntegerField(_("year adopted"), null=True, blank=True)
    horizon = models.PositiveSmallIntegerField(_("horizon"), null=True, blank=True)
    dimensions = models.ManyToManyField(Dimension, verbose_name=_("dimensions"), blank=True)
    sdgs = models.CharField(_("SDGs"), max_length=100, blank=True, help_text=_("Goal numbers separated by |"))
    link = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    imported = models.ForeignKey(Import, on_delete=models.PROTECT, null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords(m2m_fields=[dimensions])

    class Meta:
        ordering = ["city__name", "title"]
        verbose_name = _("strategy")
        verbose_name_plural = _("strategies")
        constraints = [
            models.UniqueConstraint(fields=["city", "title"], name="futures_strategy_once_per_city")
        ]

    def __str__(self) -> str:
        return self.title


class StrategyTarget(models.Model):
    """What a strategy aims for on one indicator: a value by a year."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(CityIndicator, verbose_name=_("indicator"), on_delete=models.PROTECT)
    value = models.FloatField(_("target value"))
    year = models.PositiveSmallIntegerField(_("target year"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["strategy", "indicator"]
        verbose_name = _("strategy target")
        verbose_name_plural = _("strategy targets")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "indicator", "year"], name="futures_target_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.value} by {self.year}"


class ReleaseIsImmutable(ValidationError):
    pass


class Release(models.Model):
    """A numbered snapshot of the drafts, written as Parquet under `directory`. Never changed once
    published: the public pages and the API read nothing else."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        "accounts.User", verbose_name=_("published by"), on_delete=models.PROTECT, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    directory = models.CharField(_("directory"), max_length=300)
    manifest = models.JSONField(_("manifest"))
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Holds generated data."))

    class Meta:
        ordering = ["-number"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return f"Release {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and Release.objects.filter(pk=self.pk).exists():
            raise ReleaseIsImmutable(_("A published release never changes; publish a new one."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseIsImmutable(_("A published release is never deleted."))


class Publication(models.Model):
    """A request to publish the drafts as the next release, run by the task worker
    (`futures.tasks.publish_release`), with its progress for the page that follows it.

    At most one publication is under way at a time, on every process and machine: `active` is
    True while it is queued or running and NULL afterwards, and a unique constraint on it is the
    lock (NULLs never collide). A publication that shows no sign of life for
    `METROHUB_PUBLICATION_STALE_SECONDS` no longer holds it: the next request takes it over."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the task worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Published")
        FAILED = "failed", pgettext_lazy("publication", "Failed")

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    active = models.BooleanField(_("under way"), null=True, default=True, editable=False)
    number = models.PositiveIntegerField(_("release number"), help_text=_("The number it will publish."))
    note = models.CharField(_("note"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("requested by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The last sign of life: set when requested, then at each step of the work.
    heartbeat_at = models.DateTimeField(_("last sign of life"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=20, default="queued")
    error = models.TextField(_("error"), blank=True)
    release = models.OneToOneField(
        Release, verbose_name=_("release"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["active"], name="one_publication_at_a_time"),
            models.CheckConstraint(
                condition=Q(active=True, state__in=["queued", "running"])
                | Q(active__isnull=True, state__in=["done", "failed"]),
                name="publication_active_while_under_way",
            ),
        ]

    def __str__(self) -> str:
        return f"Publication of release {self.number} ({self.state})"

    @property
    def under_way(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def step_label(self) -> str:
        return str(PUBLICATION_STEPS.get(self.step, self.step))


# What a publication is doing, by the code its `step` holds (shown in the reader's language).
PUBLICATION_STEPS = {
    "queued": _("Waiting for the task worker"),
    "snapshot": _("Reading the drafts"),
    "tables": _("Loading the tables"),
    "compute": _("Computing ranks, latest values and trends"),
    "api": _("Laying out the tables for the API"),
    "parquet": _("Writing the Parquet files"),
    "changes": _("Comparing with the previous release"),
    "package": _("Writing the data package"),
    "manifest": _("Writing the manifest"),
    "placing": _("Putting the release in place"),
    "done": _("Published"),
    "failed": pgettext_lazy("publication", "Failed"),
}
