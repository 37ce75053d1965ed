# Over 400 lines because it holds all thirteen models of Labs (cohorts, sessions, participants,
# attendance, surveys) and of training (institutes, courses, editions), which migrations and every
# programs module import from here; splitting them into a models package is a move of its own.
"""Solutions Labs and capacity building: labs with their cohorts, sessions, participants,
attendance and satisfaction surveys; training institutes, courses and their editions.

A lab's thematic priorities and action lines are the network's own vocabulary, defined once in
`core` (`metrohub.core.models.ThematicPriority` and `ActionLine`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.core.models import action_line_field, thematic_priority_field


class Lab(models.Model):
    """A Solutions Lab: a small group of cities and experts working on one urban challenge."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    priorities = models.ManyToManyField(
        "core.ThematicPriority", verbose_name=_("thematic priorities"), related_name="labs", blank=True
    )
    action_lines = models.ManyToManyField(
        "core.ActionLine", verbose_name=_("action lines"), related_name="labs", blank=True
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this record comes from.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()  # the priorities and action lines are set once, on creation

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("Solutions Lab")
        verbose_name_plural = _("Solutions Labs")
        constraints = [models.UniqueConstraint(fields=["title", "year"], name="lab_title_once_a_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class CohortMember(models.Model):
    """A city taking part in a lab, with its role."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        LEARNER = "learner", _("Learner")
        EXPERT = "expert", _("Expert")

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="cohort")
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="lab_cohorts",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEARNER)
    # When the city entered the cohort, so a figure for a past year ignores a city enrolled since.
    enrolled_on = models.DateField(
        _("enrolled on"), null=True, blank=True, help_text=_("Blank: before the records begin.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["lab", "role", "organisation__name"]
        verbose_name = _("cohort member")
        verbose_name_plural = _("cohort members")
        constraints = [
            models.UniqueConstraint(fields=["lab", "organisation"], name="cohort_city_once_per_lab")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_role_display()}"


class Session(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200, blank=True)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True, help_text=_("For example Istanbul."))
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("Leave blank when unknown."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["lab", models.F("date").asc(nulls_last=True), "pk"]
        verbose_name = pgettext_lazy("lab", "session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        where = self.place if self.mode == self.Mode.IN_PERSON and self.place else self.get_mode_display()
        return f"{self.title or self.lab.title} — {where}"

    def clean(self):
        if self.mode == self.Mode.IN_PERSON and not self.place:
            raise ValidationError({"place": _("An in-person session needs a place.")})


class Participant(models.Model):
    """A person taking part in a lab. Personal data: shown to the programs team only."""

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        SELF_DESCRIBED = "self_described", _("Another self-description")
        NOT_STATED = "not_stated", _("Not stated")

    class Role(models.TextChoices):
        PARTICIPANT = "participant", _("Participant")
        EXPERT = "expert", _("Expert")
        FACILITATOR = "facilitator", _("Facilitator")

    lab = models.ForeignKey(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "network.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lab_participations",
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Needed when the person is not in the registry.")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_participants",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT)
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        default=Gender.NOT_STATED,
        help_text=_("As the person describes it; optional."),
    )
    gender_description = models.CharField(
        _("self-description"),
        max_length=100,
        blank=True,
        help_text=_("In the person's own words, if they wish."),
    )
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["lab", "name", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(condition=~Q(name="") | Q(person__isnull=False), name="participant_named"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.person.name if self.person_id and not self.name else self.name

    def clean(self):
        if not self.name and not self.person_id:
            raise ValidationError({"name": _("Give the participant's name or choose a person.")})
        if self.gender_description and self.gender != self.Gender.SELF_DESCRIBED:
            raise ValidationError(
                {"gender_description": _("A self-description goes with “Another self-description”.")}
            )


class Attendance(models.Model):
    """A participant was at a session."""

    session = models.ForeignKey(
        Session,
        verbose_name=pgettext_lazy("lab", "session"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="attendance"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attendance_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}"

    def clean(self):
        if self.session_id and self.participant_id and self.session.lab_id != self.participant.lab_id:
            raise ValidationError(_("The participant does not take part in this session's lab."))


class Survey(models.Model):
    """The satisfaction survey of a lab: scale questions (1–5) and free comments."""

    lab = models.OneToOneField(Lab, verbose_name=_("lab"), on_delete=models.CASCADE, related_name="survey")
    introduction = models.TextField(_("introduction"), blank=True)
    is_open = models.BooleanField(_("open for answers"), default=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return gettext("Survey of %(lab)s") % {"lab": self.lab.title}


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 5")
        COMMENT = "comment", _("Free comment")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SCALE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One answer sheet. An anonymous one keeps neither the person nor their organisation."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        "accounts.User",
        verbose_name=_("respondent"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    submitted_at = models.DateTimeField(pgettext_lazy("survey response", "submitted"), auto_now_add=True)
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))

    class Meta:
        ordering = ["-submitted_at", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | Q(respondent__isnull=True, organisation__isnull=True),
                name="anonymous_response_keeps_no_one",
            )
        ]

    def __str__(self) -> str:
        return gettext("Answers to %(survey)s") % {"survey": self.survey}


class SurveyBallot(models.Model):
    """That one participant has answered one survey, kept apart from what they answered.

    `token` is a keyed hash of the survey and the respondent (`services.survey_token`), the same
    each time they come back, so a second answer sheet from them is refused (the unique constraint
    holds when two arrive at once) while an anonymous sheet still names no one: a ballot points
    to no response and keeps no time. Answers given by the system (loaders, the demo) take none."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="ballots"
    )
    token = models.CharField(_("participant token"), max_length=64)

    class Meta:
        verbose_name = _("survey ballot")
        verbose_name_plural = _("survey ballots")
        constraints = [
            models.UniqueConstraint(fields=["survey", "token"], name="one_answer_per_participant_token")
        ]

    def __str__(self) -> str:
        return gettext("Ballot for %(survey)s") % {"survey": self.survey}


class Answer(models.Model):
    """One question's answer: a score from 1 to 5, or a comment."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5), name="score_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score if self.score is not None else self.comment[:40]}"


class TrainingInstitute(models.Model):
    """An international training institute (a MITI, in the 2024 report's words), hosted by a member city."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    host = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("host"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_institutes",
    )
    host_name = models.CharField(
        _("host as the source names it"),
        max_length=200,
        blank=True,
        help_text=_("When the host is not in the registry."),
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("training institute")
        verbose_name_plural = _("training institutes")

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200, unique=True)
    institute = models.ForeignKey(
        TrainingInstitute,
        verbose_name=_("training institute"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    action_line = action_line_field()
    thematic_priority = thematic_priority_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class CourseEdition(models.Model):
    """One delivery of a course. Figures the source does not give stay blank; what it says in
    words ("attendance more than double that of 2023") is kept as its note."""

    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="editions"
    )
    number = models.PositiveSmallIntegerField(_("edition"))
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    enrolment = models.PositiveIntegerField(_("enrolment"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    attendance_note = models.CharField(_("what the source says of attendance"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["course", "number"]
        verbose_name = _("course edition")
        verbose_name_plural = _("course editions")
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="course_edition_number_once"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="course_edition_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(course)s, edition %(number)s (%(year)s)") % {
            "course": self.course.title,
            "number": self.number,
            "year": self.year,
        }

    @property
    def month_date(self):
        import datetime as dt

        return dt.date(self.year, self.month, 1) if self.month else None

    def clean(self):
        if self.enrolment is not None and self.attendance is not None and self.attendance > self.enrolment:
            raise ValidationError({"attendance": _("Attendance cannot exceed enrolment.")})
