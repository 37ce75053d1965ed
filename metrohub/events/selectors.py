"""Reads of the event records that are more than a lookup: the event list, a panel's gender
balance, the speakers' gender shares."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

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
