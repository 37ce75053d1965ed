"""The secretariat's own people: staff members, the levels of the promotion system, where and how
they work. Visible to HR and administrators only (see `permissions.py`)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.core.countries import is_country_code


class Level(models.Model):
    """A level of the promotion system. Its criteria are written by HR, never taken from elsewhere."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("Position in the ladder: 1 is the level of entry.")
    )
    description = models.TextField(_("description"), blank=True)
    criteria = models.TextField(
        _("promotion criteria"),
        blank=True,
        help_text=_("What a staff member shows to reach this level. Written by HR."),
    )
    introduced_in = models.PositiveSmallIntegerField(
        _("introduced in"), null=True, blank=True, help_text=_("The year the level was created, if known.")
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this record comes from.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return self.name


def in_post(year: int) -> Q:
    """Staff whose time in post overlaps the calendar year (unknown dates count as "in post")."""
    return (Q(start__isnull=True) | Q(start__lt=dt.date(year + 1, 1, 1))) & (
        Q(end__isnull=True) | Q(end__gte=dt.date(year, 1, 1))
    )


class StaffQuerySet(models.QuerySet):
    def in_post_during(self, year: int) -> "StaffQuerySet":
        return self.filter(in_post(year))


class StaffMember(models.Model):
    """A member of the Secretariat General: position, level, where and how they work."""

    class WorkArrangement(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        HYBRID = "hybrid_60_40", _("Hybrid (60/40)")
        REMOTE = "remote", _("Fully remote")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        ANOTHER = "another", _("Another gender")

    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        _("position"), max_length=200, help_text=_("The title, as the person holds it.")
    )
    level = models.ForeignKey(
        Level,
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    team = models.CharField(_("team or area"), max_length=100, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    outside_headquarters = models.BooleanField(
        _("based outside headquarters"),
        null=True,
        blank=True,
        help_text=_("Outside the Barcelona headquarters; unknown when not on record."),
    )
    location_source = models.CharField(_("source of the location"), max_length=300, blank=True)
    work_arrangement = models.CharField(
        _("work arrangement"),
        max_length=20,
        choices=WorkArrangement.choices,
        blank=True,
        help_text=_("Leave blank when unknown."),
    )
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("As self-described; optional."),
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    in_kind = models.BooleanField(
        _("provided in kind"),
        default=False,
        help_text=_("Seconded by another organisation, which pays them."),
    )
    in_kind_from = models.CharField(_("provided by"), max_length=200, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this record comes from.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = StaffQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        indexes = [models.Index(fields=["name", "id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="staff_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end date comes before the start date.")
        if self.country and not is_country_code(self.country):
            errors["country"] = _("“%(code)s” is not an ISO 3166-1 alpha-2 country code.") % {
                "code": self.country
            }
        if self.in_kind_from and not self.in_kind:
            errors["in_kind"] = _("Tick “provided in kind” when you name who provides the person.")
        if errors:
            raise ValidationError(errors)

    @property
    def country_name(self) -> str:
        from metrohub.core.countries import country_name

        return country_name(self.country)
