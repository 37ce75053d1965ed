"""Reference data shared by every app: regions, the network's action lines and thematic
priorities, and the figures documents declared.

`ActionLines` and `Priorities` (TextChoices) are the one list of codes and report names: the data
migration `0003_action_lines_and_priorities` seeds the `ActionLine` and `ThematicPriority` tables
from them, labs (programs) and outcomes (mel) point at the rows, and calls and fund keep codes in
their fields with these choices. Renaming one later takes a data migration too, for the databases
already seeded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

# The regions' names as the data migration writes them, marked here for translation.
REGION_NAMES = [
    gettext_noop("Africa"),
    gettext_noop("Eurasia & Middle East"),
    gettext_noop("Asia"),
    gettext_noop("Europe"),
    gettext_noop("Latin America & the Caribbean"),
    gettext_noop("North America"),
]


class Region(models.Model):
    """One of the network's world regions (the 2024 report has six)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return gettext(self.name)


class ActionLines(models.TextChoices):
    """The five action lines of the 2024–2026 Strategic Action Plan, named as the 2024 annual
    report prints them on its contents page of action lines (the page after "Key Figures from
    2024"), AL1 to AL5 in the order printed."""

    AL1 = "AL1", _("The Power of the Network: Membership and Institutional Relations")
    AL2 = "AL2", _("Resources for Members: Programs")
    AL3 = "AL3", _("Shaping the Global Environment: Policy")
    AL4 = "AL4", _("Communication")
    AL5 = "AL5", _("Living Our Shared Values")


class Priorities(models.TextChoices):
    """The network's five thematic priorities, as the 2024 annual report lists them
    ("Knowledge Exchange — Launch of Solution Labs": "Solutions Labs are aligned with
    Metropolis' thematic priorities")."""

    FUTURES = "metropolitan-futures", _("Metropolitan Futures")
    ECOSYSTEMS = "metropolitan-ecosystems", _("Metropolitan Ecosystems")
    COHESION = "social-cohesion", _("Social Cohesion")
    INSTITUTIONS = "metropolitan-institutions", _("Metropolitan Institutions")
    GENDER = "gender-equality", _("Gender Equality")


def choice_labels(choices: type[models.TextChoices], values) -> list[str]:
    """The labels of the known codes among `values`, in the reader's language and in order given."""
    known = dict(choices.choices)
    return [str(known[value]) for value in values if value in known]


def action_line_choices() -> list[tuple[str, str]]:
    """(code, "AL1 · name") pairs in the reader's language: for a form field's `choices`."""
    return [(line.value, f"{line.value} · {line.label}") for line in ActionLines]


def action_line_labels(values) -> list[str]:
    """ "AL1 · name" for each known code among `values`, in the reader's language."""
    known = dict(action_line_choices())
    return [known[value] for value in values if value in known]


class ActionLine(models.Model):
    """An action line of the Strategic Action Plan, AL1 to AL5 (rows seeded from `ActionLines`)."""

    code = models.CharField(_("code"), max_length=4, unique=True, choices=ActionLines.choices)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")

    def __str__(self) -> str:
        return f"{self.code} · {self.label}"

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return gettext(self.name)


class ThematicPriority(models.Model):
    """One of the network's five thematic priorities (rows seeded from `Priorities`)."""

    code = models.SlugField(_("code"), max_length=40, unique=True, choices=Priorities.choices)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("thematic priority")
        verbose_name_plural = _("thematic priorities")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return gettext(self.name)


def action_line_field() -> models.ForeignKey:
    """The action line a record (event, grant, publication, course, project) serves: one, or blank
    where no source says which; "activity per action line" counts records by it."""
    return models.ForeignKey(
        ActionLine,
        verbose_name=_("action line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Blank when no source says which."),
    )


def thematic_priority_field() -> models.ForeignKey:
    """The thematic priority a record serves, or blank where no source says which."""
    return models.ForeignKey(
        ThematicPriority,
        verbose_name=_("thematic priority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Blank when no source says which."),
    )


class DeclaredFigure(models.Model):
    """A figure a document declared (the 2024 report says 164 member cities).

    Kept apart from what the records compute, so the two can be shown side by side.
    """

    key = models.CharField(_("metric key"), max_length=100)
    period = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    document = models.CharField(_("document"), max_length=200)
    section = models.CharField(_("section"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["period", "key"]
        verbose_name = _("declared figure")
        verbose_name_plural = _("declared figures")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "period", "document"], name="declared_figure_once_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.period}): {self.value.normalize():f}"


class TaskProgress(models.Model):
    """What django-tasks' own result record (django_tasks_db's DBTaskResult: status, times,
    arguments, the traceback) does not say: what the work is about, in words a person reads,
    who asked for it, how far it has got, and who retried it. One row per result, by its id (no
    foreign key: under the immediate backend of the tests there is no result row)."""

    result_id = models.UUIDField(_("task result"), unique=True)
    subject = models.CharField(_("about"), max_length=100, blank=True, db_index=True)
    label = models.CharField(_("description"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("out of"), null=True, blank=True)
    retried_at = models.DateTimeField(_("retried at"), null=True, blank=True)
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("retried by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("background work")
        verbose_name_plural = _("background work")

    def __str__(self) -> str:
        return self.label or str(self.result_id)


class WorkQuerySet(models.QuerySet):
    def with_progress(self):
        """Each result with its TaskProgress row's fields, in one query."""
        progress = TaskProgress.objects.filter(result_id=models.OuterRef("pk"))

        def field(name):
            return models.Subquery(progress.values(name)[:1])

        return self.annotate(
            label=field("label"),
            subject=field("subject"),
            done=field("done"),
            total=field("total"),
            requested_by_name=field("requested_by__username"),
            retried_at=field("retried_at"),
            retried_by_name=field("retried_by__username"),
        )


class Work(DBTaskResult):
    """A queued task as a person sees it (core/work.py): django-tasks' own result record, read
    with its progress. A proxy: no table of its own."""

    objects = WorkQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("background work")
        verbose_name_plural = _("background work")

    @property
    def state_label(self) -> str:
        from metrohub.core.work import State

        return State(self.status).label

    @property
    def kind(self) -> str:
        from metrohub.core.work import kind_of

        return kind_of(self.task_path)

    @property
    def kind_label(self) -> str:
        from metrohub.core.work import Kind

        return Kind(self.kind).label

    @property
    def title(self) -> str:
        return getattr(self, "label", "") or self.task_path.rsplit(".", 1)[-1]

    @property
    def reason(self) -> str:
        from metrohub.core.work import reason_from

        return reason_from(self.traceback) if self.status == "FAILED" else ""

    @property
    def progress_text(self) -> str:
        from metrohub.core.work import progress_text

        return progress_text(self)

    @property
    def percent(self) -> int | None:
        done, total = getattr(self, "done", None), getattr(self, "total", None)
        if not total:
            return None
        return min(100, round(100 * (done or 0) / total))
