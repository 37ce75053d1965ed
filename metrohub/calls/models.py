"""Calls for applications: the call, its questions, rubric and rules; applications, their files,
their transitions, the reviewers assigned and their scores. No workflow here: see `workflow.py`
(the states and steps) and `services.py` (every write)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.calls.workflow import Status
from metrohub.core.files import private_name
from metrohub.core.models import Priorities, action_line_labels, choice_labels

AMOUNT = {"max_digits": 14, "decimal_places": 2}
DEFAULT_FILE_TYPES = ["pdf", "docx", "xlsx", "odt", "png", "jpg"]


def _default_file_types() -> list[str]:
    return list(DEFAULT_FILE_TYPES)


class Call(models.Model):
    """A call for applications, for a programme (Solutions Labs) or a fund."""

    class Programme(models.TextChoices):
        SOLUTIONS_LABS = "solutions-labs", _("Solutions Labs")
        FUND = "fund", _("The network's fund")
        OTHER = "other", _("Other programme")

    title = models.CharField(_("call title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    fund = models.ForeignKey(
        "fund.Fund",
        verbose_name=_("fund"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
    )
    themes = models.JSONField(_("thematic priorities"), default=list, blank=True)
    action_lines = models.JSONField(_("action lines"), default=list, blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished calls are not shown to members.")
    )
    # Eligibility, as data: evaluated and explained by `metrohub.calls.eligibility`.
    requires_good_standing = models.BooleanField(
        _("membership in good standing"),
        default=True,
        help_text=_("An active membership and no dues in arrears."),
    )
    eligible_categories = models.JSONField(
        _("membership categories"), default=list, blank=True, help_text=_("None ticked: any category.")
    )
    eligible_regions = models.ManyToManyField(
        "core.Region",
        verbose_name=_("regions"),
        blank=True,
        related_name="+",
        help_text=_("None chosen: every region."),
    )
    one_application_per_organisation = models.BooleanField(
        _("one application per organisation"), default=True
    )
    allowed_file_types = models.JSONField(
        _("allowed file types"), default=_default_file_types, blank=True, help_text=_("File extensions.")
    )
    max_file_size_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=10)
    max_amount = models.DecimalField(
        _("maximum amount (EUR)"),
        null=True,
        blank=True,
        help_text=_("For funds: the most one grant may be."),
        **AMOUNT,
    )
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "title"]
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(max_amount__isnull=True) | Q(max_amount__gt=0), name="call_max_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.published and self.opens_at <= at < self.closes_at

    def phase(self, at=None) -> str:
        at = at or timezone.now()
        if at < self.opens_at:
            return "upcoming"
        return "open" if at < self.closes_at else "closed"

    @property
    def theme_labels(self) -> list[str]:
        return choice_labels(Priorities, self.themes)

    @property
    def action_line_labels(self) -> list[str]:
        return action_line_labels(self.action_lines)

    @property
    def category_labels(self) -> list[str]:
        from metrohub.network.models import MembershipPeriod

        return choice_labels(MembershipPeriod.Category, self.eligible_categories)

    @property
    def max_file_size(self) -> int:
        return self.max_file_size_mb * 1024 * 1024


class Question(models.Model):
    """One question of a call's form, defined by staff without code."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a choice: one option per line."))
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label

    @property
    def options(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    @property
    def key(self) -> str:
        return f"q{self.pk}"


class Criterion(models.Model):
    """A criterion of a call's rubric: reviewers score each one out of `max_score`."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=300)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gt=0), name="criterion_max_score_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    amount_requested = models.DecimalField(_("amount requested (EUR)"), null=True, blank=True, **AMOUNT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [models.Index(fields=["call", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_requested__isnull=True) | Q(amount_requested__gt=0),
                name="application_amount_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.call}"


ATTACHMENTS = "calls"


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name: the old pattern (call, application, file name) let anyone guess the path.
    The uploader's file name stays in `Attachment.name`, for the download."""
    return private_name(ATTACHMENTS)


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Transition(models.Model):
    """The log of an application's moves: who, when, from which state to which, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(_("from status"), max_length=20, choices=Status.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"


class Assignment(models.Model):
    """A reviewer asked to score an application. They first declare whether they have a conflict
    of interest; one who declares a conflict cannot score."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict = models.BooleanField(
        _("conflict of interest"), null=True, blank=True, help_text=_("Blank: not declared yet.")
    )
    conflict_note = models.TextField(_("about the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="one_assignment_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.application}"


class Review(models.Model):
    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(
        _("weighted score (out of 100)"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment}: {self.weighted_score}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
