"""Partnership projects: partners and their roles, co-funders, places, milestones, outcome figures
with targets, and the boards some projects run (with their members and meetings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.core.models import action_line_field, thematic_priority_field


def _organisation():
    return models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


def _source():
    return models.CharField(_("source"), max_length=300, blank=True)


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    city = _organisation()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    started_in = models.PositiveSmallIntegerField(_("started in"), null=True, blank=True)
    action_lines = models.CharField(_("action lines"), max_length=100, blank=True)
    source = _source()
    synthetic = models.BooleanField(_("synthetic"), default=False)
    action_line = action_line_field()
    thematic_priority = thematic_priority_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("project")

    def __str__(self) -> str:
        return self.acronym


class Pillar(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pillars")
    title = models.CharField(_("pillar"), max_length=300)
    source = _source()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("pillar")

    def __str__(self) -> str:
        return self.title


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        PARTNER = "partner", _("Partner")
        CO_FUNDER = "co_funder", _("Co-funder")
        FUNDER = "funder", _("Funder")
        CONSORTIUM = "consortium_member", _("Consortium member")
        COORDINATOR = "coordinator", _("Coordinator")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = _organisation()
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    source = _source()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("project partner")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name", "role"], name="one_role_per_partner_and_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Place(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("place"), max_length=300)
    city = _organisation()
    source = _source()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("place")

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("When the day is known."))
    when = models.CharField(_("when, as stated"), max_length=200, blank=True)
    source = _source()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "date", "pk"]
        verbose_name = _("milestone")

    def __str__(self) -> str:
        return self.title


class OutcomeFigure(models.Model):
    """A figure the project measures itself by: what was achieved, against a target."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("what"), max_length=300)
    unit = models.CharField(_("unit"), max_length=100)
    period = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2, null=True, blank=True)
    achieved = models.DecimalField(_("achieved"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = _source()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "pk"]
        verbose_name = _("outcome figure")

    def __str__(self) -> str:
        return self.label


class Board(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source = _source()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("board")

    def __str__(self) -> str:
        return self.name


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    organisation = _organisation()
    name = models.CharField(_("name"), max_length=300)
    source = _source()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("board member")

    def __str__(self) -> str:
        return self.name


class BoardMeeting(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"), null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    source = _source()
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "date", "pk"]
        verbose_name = _("board meeting")

    def __str__(self) -> str:
        return f"{self.board} {self.year} ({self.get_mode_display()})"
