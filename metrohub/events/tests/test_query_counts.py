"""The events' pages cost a fixed number of SQL queries, however many events, panels, speakers and
registrations they show: each test counts a page's queries, adds rows, counts again."""

import datetime as dt

import pytest
from django.utils import timezone

from metrohub.core.testing import assert_queries_constant
from metrohub.events import services
from metrohub.events.models import Outcome
from metrohub.events.tests.factories import EventFactory, PanelFactory, SessionFactory, SpeakerFactory
from metrohub.network.tests.factories import OrganisationFactory

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
LIST_BUDGET = 10  # (8)
LIST_PUBLIC_BUDGET = 6  # (4) anonymous: no session, user or groups
EXPORT_BUDGET = 7  # (5) one query streams every row
CALENDAR_BUDGET = 3  # (1)
DETAIL_BUDGET = 14  # (11; 12 with the registrations' counts)
REGISTRATIONS_BUDGET = 15  # (13) the list, its counts, the history (two), reminders due, the work status
PANEL_BUDGET = 9  # (7)
ATTENDANCE_BUDGET = 8  # (6) the list to tick on the day
FEEDBACK_BUDGET = 11  # (9) the feedback summary and its chart
INVITE_BUDGET = 10  # (8) the invitation form and the organisations invited
REGISTER_BUDGET = 11  # (9) a focal point's registration page

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, programs_staff):
    client.force_login(programs_staff)
    return client


def upcoming(**fields):
    start = timezone.now() + dt.timedelta(days=30)
    return EventFactory(start=start, end=start + dt.timedelta(hours=4), **fields)


def add_events(count: int, *, start: int = 0) -> list:
    events = []
    for n in range(start, start + count):
        event = EventFactory(title=f"Scale Event {n:03d}", city=OrganisationFactory(), public=n % 4 != 3)
        speakers = SpeakerFactory.create_batch(2, panel__session__event=event, woman=n % 2 == 0)
        SpeakerFactory(panel=speakers[0].panel, man=True)
        Outcome.objects.create(event=event, text=f"Outcome {n}")
        events.append(event)
    return events


def grow_event(event, count: int) -> None:
    """More sessions, panels, speakers (some from an organisation), outcomes and local events."""
    for n in range(count):
        session = SessionFactory(event=event, title=f"Session {n}")
        panel = PanelFactory(session=session)
        SpeakerFactory(panel=panel, woman=True, organisation=OrganisationFactory())
        SpeakerFactory(panel=panel, man=True)
        Outcome.objects.create(event=event, text=f"Outcome {n}")
        EventFactory(parent=event, city=OrganisationFactory(), title=f"Local {n}")


@pytest.mark.parametrize("url", ["/events/", "/events/?sort=-start&page=2"])
def test_the_staff_list_costs_the_same_queries_for_3_or_40_events(staff_client, url):
    add_events(3)
    assert_queries_constant(staff_client, url, grow=lambda: add_events(37, start=3), budget=LIST_BUDGET)


def test_the_public_list_costs_the_same_queries(client):
    add_events(3)
    page = assert_queries_constant(
        client, "/events/", grow=lambda: add_events(37, start=3), budget=LIST_PUBLIC_BUDGET
    )
    assert "Scale Event 003" not in page  # not public


@pytest.mark.parametrize("url", ["/events/events.csv", "/events/events.xlsx"])
def test_the_exports_stream_every_row_in_the_same_queries(staff_client, url):
    add_events(3)
    assert_queries_constant(staff_client, url, grow=lambda: add_events(20, start=3), budget=EXPORT_BUDGET)


def test_the_calendar_costs_the_same_queries(client):
    add_events(3)
    assert_queries_constant(
        client, "/events/events.ics", grow=lambda: add_events(20, start=3), budget=CALENDAR_BUDGET
    )


@pytest.mark.parametrize("capacity", [None, 50])
def test_an_events_page_costs_the_same_queries_with_more_panels_speakers_and_outcomes(staff_client, capacity):
    [event] = add_events(1)
    event.capacity = capacity
    event.save()
    assert_queries_constant(
        staff_client, f"/events/{event.pk}/", grow=lambda: grow_event(event, 8), budget=DETAIL_BUDGET
    )


def test_the_registrations_page_costs_the_same_queries(staff_client, programs_staff):
    event = upcoming(capacity=5)

    def register(names):
        for name in names:
            services.registration_create(
                actor=programs_staff, event=event, name=name, email=f"{name}@example.org",
                organisation=OrganisationFactory(),
            )  # fmt: skip

    register(["ana"])
    page = assert_queries_constant(
        staff_client,
        f"/events/{event.pk}/registrations/",
        grow=lambda: register([f"guest{n}" for n in range(12)]),
        budget=REGISTRATIONS_BUDGET,
    )
    assert "guest11" in page


def test_a_panels_page_costs_the_same_queries_with_more_speakers(staff_client):
    panel = PanelFactory()
    SpeakerFactory(panel=panel, woman=True)
    assert_queries_constant(
        staff_client,
        f"/events/panels/{panel.pk}/",
        grow=lambda: [SpeakerFactory(panel=panel, organisation=OrganisationFactory()) for _ in range(10)],
        budget=PANEL_BUDGET,
    )


def _members(event, actor, names):
    for name in names:
        services.registration_create(
            actor=actor,
            event=event,
            name=name,
            email=f"{name}@example.org",
            organisation=OrganisationFactory(),
        )


def test_the_attendance_list_and_feedback_summary_cost_the_same_queries(staff_client, programs_staff):
    event = upcoming(capacity=40)
    _members(event, programs_staff, ["ana"])
    page = assert_queries_constant(
        staff_client,
        f"/events/{event.pk}/attendance/",
        grow=lambda: _members(event, programs_staff, [f"guest{n}" for n in range(10)]),
        budget=ATTENDANCE_BUDGET,
    )
    assert "guest9" in page
    assert_queries_constant(
        staff_client,
        f"/events/{event.pk}/feedback/",
        grow=lambda: _members(event, programs_staff, [f"more{n}" for n in range(5)]),
        budget=FEEDBACK_BUDGET,
    )
    assert_queries_constant(
        staff_client,
        f"/events/{event.pk}/invitations/",
        grow=lambda: [
            services.invitations_create(
                actor=programs_staff, event=event, organisations=[OrganisationFactory()], base_url=""
            )
            for _ in range(5)
        ],
        budget=INVITE_BUDGET,
    )


def test_the_portal_registration_page_costs_the_same_queries(client, city_with_focal_point):
    from metrohub.network.tests.factories import PositionFactory

    event = upcoming(capacity=40)
    client.force_login(city_with_focal_point.focal_point)
    assert_queries_constant(
        client,
        f"/events/{event.pk}/register/",
        grow=lambda: [PositionFactory(organisation=city_with_focal_point) for _ in range(8)],
        budget=REGISTER_BUDGET,
    )
