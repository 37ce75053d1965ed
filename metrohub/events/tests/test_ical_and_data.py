"""iCalendar export, the list's exports, the API, and the 2024 data from the report."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from metrohub.core.metrics import REGISTRY
from metrohub.core.testing import load_dataset_2024
from metrohub.events.models import Event
from metrohub.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_an_event_exports_as_icalendar_that_parses(client):
    event = EventFactory(
        title="Board meeting",
        all_day=False,
        timezone="America/Sao_Paulo",
        start=dt.datetime(2024, 6, 3, 12, 30, tzinfo=dt.UTC),
        end=dt.datetime(2024, 6, 3, 15, 0, tzinfo=dt.UTC),
    )
    response = client.get(reverse("events:event_ical", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Board meeting"
    assert vevent.decoded("DTSTART") == event.start
    assert vevent["DTSTART"].params["TZID"] == "America/Sao_Paulo"
    assert vevent.decoded("DTSTART").hour == 9  # on the event's own clock


def test_an_all_day_event_ends_the_day_after_its_last_day(client):
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Africa/Dakar")
    start = dt.datetime(2024, 10, 14, tzinfo=zone)
    event = EventFactory(start=start, end=start, all_day=True, timezone="Africa/Dakar")
    [vevent] = Calendar.from_ical(client.get(reverse("events:event_ical", args=[event.pk])).content).walk(
        "VEVENT"
    )
    assert vevent.decoded("DTSTART") == dt.date(2024, 10, 14)
    assert vevent.decoded("DTEND") == dt.date(2024, 10, 15)


def test_the_list_exports_as_a_calendar_csv_and_xlsx(client):
    EventFactory(title="One"), EventFactory(title="Two")
    calendar = Calendar.from_ical(client.get(reverse("events:calendar_ical")).content)
    assert sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT")) == ["One", "Two"]
    csv = b"".join(client.get(reverse("events:event_export", args=["csv"])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "One" in csv and "Two" in csv
    assert client.get(reverse("events:event_export", args=["xlsx"])).status_code == 200


def test_the_2024_events_are_loaded_with_their_sources(data_2024, client):
    wmd = Event.objects.get(title="World Metropolitan Day 2024")
    assert wmd.theme == "Leading a Just Transition"
    dakar = wmd.local_events.get(city__name="Dakar")
    assert dakar.start.date() == dt.date(2024, 10, 14)
    wuf = Event.objects.filter(kind=Event.Kind.SESSION, city__name="Cairo")
    assert wuf.count() == 4
    assert all(event.outcomes.count() >= 2 for event in wuf)
    assert Event.objects.filter(kind=Event.Kind.SUMMIT).count() == 2
    assert Event.objects.filter(kind=Event.Kind.STATUTORY).exists()
    page = client.get(reverse("events:event_detail", args=[dakar.pk])).content.decode()
    assert "Source:" in page and "World Metropolitan Day" in page
    assert REGISTRY["events.events.total"].compute(2024).value == 10


def test_loading_2024_twice_adds_nothing(data_2024):
    # given the 2024 data: events, some with their outcomes
    counts = Event.objects.count(), Event.objects.filter(outcomes__isnull=False).count()
    assert all(counts), counts
    # when loaded again, then nothing is added
    assert "nothing added" in load_dataset_2024()
    assert (Event.objects.count(), Event.objects.filter(outcomes__isnull=False).count()) == counts


def test_the_api_lists_public_events_and_panels(client):
    EventFactory(title="Open"), EventFactory(title="Closed", public=False)
    items = client.get("/api/v1/events/").json()["items"]
    assert [item["title"] for item in items] == ["Open"]
    assert client.get("/api/v1/events/panels").status_code == 200
