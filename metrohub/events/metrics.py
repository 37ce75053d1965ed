"""Event metrics: events held, the gender of speakers, panels without a woman, and attendance
computed from the ticks recorded on the day."""

import datetime as dt
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from metrohub.core.metrics import metric, percentage
from metrohub.events.models import Event, Speaker
from metrohub.events.selectors import NO_WOMAN, attended_during, panels_without_a_woman, speakers_during


def _events(**params) -> str:
    return f"{reverse('events:event_list')}?{urlencode(params)}"


def _women_share(records) -> Decimal:
    counts = records.aggregate(total=Count("pk"), women=Count("pk", filter=Q(gender=Speaker.Gender.WOMAN)))
    return percentage(counts["women"], counts["total"]) or Decimal(0)


@metric(
    key="events.events.total",
    title="Events",
    unit="events",
    records_url=lambda period: _events(year=period),
    action_line_url=lambda period, code: _events(year=period, action_line=code),
)
def events_total(period: int):
    """Events starting in the year, local events of a network day included (synthetic ones not)."""
    return Event.objects.filter(start__year=period, synthetic=False)


@metric(
    key="events.speakers.women_share",
    title="Share of women among speakers",
    unit="percent",
    records_url=lambda period: _events(year=period),
    value=_women_share,
)
def speakers_women_share(period: int):
    """Speakers of panels of the year's events; those whose gender is not stated count in the
    total but not among women, so an unknown never raises the share."""
    return speakers_during(period).filter(panel__session__event__synthetic=False)


@metric(
    key="events.speakers.women",
    title="Women among speakers",
    unit="people",
    records_url=lambda period: _events(year=period),
)
def speakers_women(period: int):
    """Speakers of the year's panels recorded as women."""
    return speakers_during(period).filter(panel__session__event__synthetic=False, gender=Speaker.Gender.WOMAN)


@metric(
    key="events.panels.without_woman",
    title="Panels without a woman",
    unit="panels",
    records_url=lambda period: _events(year=period, panel=NO_WOMAN),
)
def panels_without_woman(period: int):
    """Panels of the year's events with at least one speaker and none recorded as a woman."""
    return panels_without_a_woman().filter(
        session__event__start__year=period, session__event__synthetic=False
    )


def _ticked_by_end_of(period: int):
    """Attendance ticked at the year's events, as the ticks stood at the year's end: a tick
    recorded later does not rewrite a past year's figure."""
    end = dt.datetime(period + 1, 1, 1, tzinfo=dt.UTC)
    return attended_during(period).filter(attendance_at__lt=end)


@metric(
    key="events.attendance.people",
    title="People who attended events",
    unit="people",
    records_url=lambda period: _events(year=period),
)
def attendance_people(period: int):
    """Registrations ticked as present on the day at the year's events (a registration is one
    person at one event, so someone at two events counts twice)."""
    return _ticked_by_end_of(period)


@metric(
    key="events.attendance.organisations",
    title="Member organisations that attended events",
    unit="organisations",
    records_url=lambda period: _events(year=period),
    value=lambda records: Decimal(records.values("organisation").distinct().count()),
)
def attendance_organisations(period: int):
    """Organisations with at least one person ticked as present at the year's events."""
    return _ticked_by_end_of(period).filter(organisation__isnull=False)
