"""Event metrics: events held, the gender of speakers, and panels without a woman."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from metrohub.core.metrics import metric, percentage
from metrohub.events.models import Event, Speaker
from metrohub.events.selectors import NO_WOMAN, panels_without_a_woman, speakers_during


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
