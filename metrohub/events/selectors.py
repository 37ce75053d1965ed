"""Reads of the event records that are more than a lookup: the event list, a panel's gender
balance, the speakers' gender shares."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db.models import Avg, Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.events.models import Event, Panel, Registration, Speaker

NO_WOMAN = "no_woman"  # the `panel` filter that lists events with a panel without a woman


def min_women_share() -> Decimal:
    """The network's threshold for a balanced panel (a setting; 0.4 unless set)."""
    return Decimal(str(getattr(settings, "METROHUB_PANEL_MIN_WOMEN_SHARE", 0.4)))


def panels_without_a_woman() -> QuerySet[Panel]:
    """Panels with at least one speaker and none recorded as a woman."""
    return Panel.objects.annotate(
        speaker_count=Count("speakers", distinct=True),
        women=Count("speakers", filter=Q(speakers__gender=Speaker.Gender.WOMAN), distinct=True),
    ).filter(speaker_count__gt=0, women=0)


def event_directory(
    *,
    q: str = "",
    kind: str = "",
    year: int | None = None,
    panel: str = "",
    public_only: bool = True,
) -> QuerySet[Event]:
    events = Event.objects.select_related("city", "parent")
    if public_only:
        events = events.filter(public=True)
    if q:
        events = events.filter(
            Q(title__icontains=q) | Q(theme__icontains=q) | Q(place__icontains=q) | Q(city__name__icontains=q)
        )
    if kind:
        events = events.filter(kind=kind)
    if year:
        events = events.filter(start__year=year)
    if panel == NO_WOMAN:
        events = events.filter(sessions__panels__in=panels_without_a_woman()).distinct()
    return events.order_by("start", "title", "pk")


@dataclass(frozen=True)
class Balance:
    """The gender balance of a group of speakers, as recorded (gender is optional)."""

    total: int
    women: int
    men: int
    another: int
    not_stated: int
    threshold: Decimal

    @property
    def women_share(self) -> Decimal | None:
        return Decimal(self.women) / self.total if self.total else None

    @property
    def no_woman(self) -> bool:
        return self.total > 0 and self.women == 0

    @property
    def below_threshold(self) -> bool:
        return self.total > 0 and self.women > 0 and self.women_share < self.threshold

    @property
    def warning(self) -> bool:
        return self.no_woman or self.below_threshold


def balance_of(speakers) -> Balance:
    genders = [speaker.gender for speaker in speakers]
    return Balance(
        total=len(genders),
        women=genders.count(Speaker.Gender.WOMAN),
        men=genders.count(Speaker.Gender.MAN),
        another=genders.count(Speaker.Gender.ANOTHER),
        not_stated=genders.count(""),
        threshold=min_women_share(),
    )


def event_page(event_pk: int, *, public_only: bool) -> Event:
    events = Event.objects.select_related("city", "parent").prefetch_related(
        "partners__organisation",
        "outcomes",
        Prefetch("local_events", queryset=Event.objects.select_related("city").order_by("start")),
        Prefetch("sessions__panels__speakers", queryset=Speaker.objects.select_related("organisation")),
    )
    if public_only:
        events = events.filter(public=True)
    return events.get(pk=event_pk)


def panels_with_balance(event: Event) -> list[tuple[Panel, Balance]]:
    return [
        (panel, balance_of(panel.speakers.all()))
        for session in event.sessions.all()
        for panel in session.panels.all()
    ]


def registration_counts(event: Event) -> dict[str, int]:
    counts = event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
    )
    counts["free"] = max(0, (event.capacity or 0) - counts["confirmed"])
    return counts


def speakers_during(year: int) -> QuerySet[Speaker]:
    return Speaker.objects.filter(panel__session__event__start__year=year)


def speaker_gender_shares(year: int) -> Balance:
    counts = speakers_during(year).aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(gender=Speaker.Gender.WOMAN)),
        men=Count("pk", filter=Q(gender=Speaker.Gender.MAN)),
        another=Count("pk", filter=Q(gender=Speaker.Gender.ANOTHER)),
        not_stated=Count("pk", filter=Q(gender="")),
    )
    return Balance(threshold=min_women_share(), **counts)


# --- Registrations for members ---------------------------------------------------------------------

FEEDBACK_SALT = "metrohub.events.feedback"


def feedback_token(registration: Registration) -> str:
    """The attendee's own link to the feedback form: signed, so it names one registration only."""
    return signing.dumps(registration.pk, salt=FEEDBACK_SALT)


def registration_from_token(token: str) -> Registration | None:
    try:
        pk = signing.loads(token, salt=FEEDBACK_SALT)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event", "organisation").filter(pk=pk).first()


def registrations_of(event: Event) -> QuerySet[Registration]:
    """The staff list of an event's registrations, with who registered and who ticked."""
    return event.registrations.select_related("organisation", "registered_by", "attendance_by")


def open_for_registration() -> QuerySet[Event]:
    """Events a member may still register for: with places (or a waiting list), not ended."""
    return Event.objects.filter(capacity__isnull=False, end__gte=timezone.now(), public=True).order_by(
        "start", "pk"
    )


def organisation_registrations(organisation_id: int) -> QuerySet[Registration]:
    """An organisation's registrations, latest events first, for its focal point's portal."""
    return (
        Registration.objects.filter(organisation_id=organisation_id)
        .select_related("event", "feedback")
        .order_by("-event__start", "event_id", "created_at", "pk")
    )


def attendance_list(event: Event) -> list[Registration]:
    """Who to tick on the day: the confirmed registrations, by name."""
    return list(
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("organisation", "attendance_by")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class FeedbackSummary:
    attended: int
    answers: int
    useful: int
    average: Decimal | None
    by_rating: list[tuple[int, str, int]]  # (rating, label, answers)
    comments: list[str]


def feedback_summary(event: Event) -> FeedbackSummary:
    from metrohub.events.models import Feedback

    feedback = Feedback.objects.filter(registration__event=event)
    counts = dict(feedback.values_list("rating").annotate(n=Count("pk")).values_list("rating", "n"))
    totals = feedback.aggregate(
        answers=Count("pk"), useful=Count("pk", filter=Q(useful=True)), average=Avg("rating")
    )
    average = totals["average"]
    return FeedbackSummary(
        attended=event.registrations.filter(attended=True).count(),
        answers=totals["answers"],
        useful=totals["useful"],
        average=Decimal(str(round(average, 1))) if average is not None else None,
        by_rating=[(value, label, counts.get(value, 0)) for value, label in Feedback.Rating.choices],
        comments=list(
            feedback.exclude(comment="").order_by("submitted_at").values_list("comment", flat=True)
        ),
    )


def attended_during(year: int) -> QuerySet[Registration]:
    """Registrations ticked as present at the year's events (synthetic ones left out)."""
    return Registration.objects.filter(
        attended=True, event__start__year=year, event__synthetic=False, synthetic=False
    )


@dataclass(frozen=True)
class Change:
    when: object
    who: str
    name: str
    what: str


def registration_history(event: Event, *, limit: int = 30) -> list[Change]:
    """The latest changes to the event's registrations: who registered, cancelled, was promoted
    or ticked, and who did it. Two queries: the latest entries, then those registrations' whole
    history, to compare each entry with the one before it."""
    history = Registration.history.model
    entries = list(
        history.objects.filter(event_id=event.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    before: dict[int, object] = {}
    previous_of = {}
    for row in history.objects.filter(id__in={e.id for e in entries}).order_by("history_date", "history_id"):
        previous_of[row.history_id] = before.get(row.id)
        before[row.id] = row
    changes = []
    for entry in entries:
        previous = previous_of.get(entry.history_id)
        if previous is None:
            what = _("registered (%(status)s)") % {"status": entry.get_status_display()}
        elif previous.status != entry.status:
            what = _("%(before)s → %(after)s") % {
                "before": previous.get_status_display(),
                "after": entry.get_status_display(),
            }
        elif previous.attended != entry.attended:
            what = _("ticked present") if entry.attended else _("unticked")
        else:
            what = _("changed")
        who = entry.history_user.username if entry.history_user else ""
        changes.append(Change(when=entry.history_date, who=who, name=entry.name, what=what))
    return changes


def reminders_due(event: Event) -> QuerySet[Registration]:
    """Confirmed registrations with an address that have not been reminded yet."""
    return event.registrations.filter(status=Registration.Status.CONFIRMED, reminded_at__isnull=True).exclude(
        email=""
    )
