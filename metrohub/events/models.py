"""Events the network holds or takes part in, their sessions, panels and speakers, registrations
and outcomes. Workflows (registering, promoting from the waiting list) live in `services.py`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from metrohub.core.models import action_line_field, thematic_priority_field


class Event(models.Model):
    class Kind(models.TextChoices):
        NETWORK_DAY = "network_day", _("Network day")
        SESSION = "session", _("Session at another's conference")
        SUMMIT = "summit", _("Summit")
        STATUTORY = "statutory", _("Statutory meeting")
        LOCAL = "local", _("Local event of a network day")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month only")
        SPAN = "span", _("Some time within these dates")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="local_events",
        help_text=_("The network-wide day a local event belongs to."),
    )
    conference = models.CharField(
        _("host conference"),
        max_length=300,
        blank=True,
        help_text=_("For a session at another's conference."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    city = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    timezone = models.CharField(
        _("time zone"), max_length=60, default="UTC", help_text=_("e.g. Africa/Dakar")
    )
    all_day = models.BooleanField(_("all day"), default=True)
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave blank when there is no registration.")
    )
    public = models.BooleanField(_("public"), default=True, help_text=_("Shown on the public event pages."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    action_line = action_line_field()
    thematic_priority = thematic_priority_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end comes before the start.")
        if self.start and self.start.tzinfo is None:
            errors["start"] = _("The start needs a time zone.")
        if self.parent_id and self.kind != self.Kind.LOCAL:
            errors["kind"] = _("An event that is part of a network day is a local event.")
        if self.kind == self.Kind.LOCAL and not self.parent_id:
            errors["parent"] = _("A local event belongs to a network day.")
        if self.timezone:
            from zoneinfo import available_timezones

            if self.timezone not in available_timezones():
                errors["timezone"] = _("“%(zone)s” is not a time zone name.") % {"zone": self.timezone}
        if errors:
            raise ValidationError(errors)


class EventPartner(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.name


class Outcome(models.Model):
    """What came of the event, recorded after it began."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(pgettext_lazy("event", "outcome"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = pgettext_lazy("event", "outcome")

    def __str__(self) -> str:
        return self.text[:60]


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("session")

    def __str__(self) -> str:
        return self.title


class Panel(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="panels")
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("panel")

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        ANOTHER = "another", _("Another gender")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "network.Person", verbose_name=_("person"), on_delete=models.PROTECT, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    organisation_name = models.CharField(_("organisation (as named)"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("As self-described; optional."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("speaker")

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    person = models.ForeignKey(
        "network.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
        help_text=_("The member's person on record, when a focal point registered them."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Attendance is ticked on the day by events staff; the history keeps every tick and untick.
    attended = models.BooleanField(_("attended"), default=False)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance ticked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_at = models.DateTimeField(_("attendance ticked at"), null=True, blank=True)
    reminded_at = models.DateTimeField(
        _("reminded at"), null=True, blank=True, help_text=_("When the reminder before the event went.")
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="one_live_registration_per_email",
            ),
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=~Q(status="cancelled") & Q(person__isnull=False),
                name="one_live_registration_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.event}"


class Invitation(models.Model):
    """An organisation invited to an event; its focal points get the mail (sent by the task queue)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        NO_ADDRESS = "no_address", _("No address on record")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "network.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="one_invitation_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.event}"


class Feedback(models.Model):
    """What an attendee thought of the event, given once after it."""

    class Rating(models.IntegerChoices):
        POOR = 1, _("Poor")
        FAIR = 2, _("Fair")
        GOOD = 3, _("Good")
        VERY_GOOD = 4, _("Very good")
        EXCELLENT = 5, _("Excellent")

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("overall rating"), choices=Rating.choices)
    useful = models.BooleanField(_("useful for my organisation's work"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5")
        ]

    def __str__(self) -> str:
        return f"{self.registration} · {self.rating}"
