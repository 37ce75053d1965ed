"""On the day, the events staff tick who came (with or without JavaScript); after the event,
attendees give their feedback through their own link; invitations and reminders go by the task
queue, recorded so that none goes twice; the staff list filters and exports."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.metrics import REGISTRY
from metrohub.events import services
from metrohub.events.models import Feedback, Invitation, Registration
from metrohub.events.selectors import feedback_token
from metrohub.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def today_event(**fields):
    start = timezone.now() - dt.timedelta(hours=1)
    return EventFactory(start=start, end=start + dt.timedelta(hours=3), timezone="UTC", **fields)


def register(event, name, actor, **fields):
    return Registration.objects.create(
        event=event, name=name, email=f"{name.lower()}@example.org", status="confirmed", **fields
    )


def test_staff_tick_attendance_without_javascript_and_who_ticked_is_kept(client, programs_staff):
    event = today_event(capacity=5)
    ana = register(event, "Ana", programs_staff)
    client.force_login(programs_staff)
    page = client.get(reverse("events:attendance", args=[event.pk])).content.decode()
    assert "Tick Ana as present" in page and "0 of 1 confirmed people ticked as present." in page
    # when ticked by a plain form post
    response = client.post(reverse("events:attendance_mark", args=[ana.pk]), {"attended": "1"}, follow=True)
    # then the list says so, and who ticked when is kept
    assert "1 of 1 confirmed people ticked as present." in response.content.decode()
    ana.refresh_from_db()
    assert ana.attended and ana.attendance_by == programs_staff and ana.attendance_at is not None
    # and unticking leaves the earlier tick in the history
    client.post(reverse("events:attendance_mark", args=[ana.pk]), {"attended": "0"})
    assert list(ana.history.order_by("history_date").values_list("attended", flat=True))[-2:] == [True, False]


def test_with_htmx_only_the_persons_row_comes_back(client, programs_staff):
    event = today_event(capacity=5)
    ana = register(event, "Ana", programs_staff)
    client.force_login(programs_staff)
    response = client.post(
        reverse("events:attendance_mark", args=[ana.pk]), {"attended": "1"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert f'id="r{ana.pk}"' in body and "ticked by" in body
    assert 'hx-swap-oob="true"' in body and "1 of 1 confirmed people ticked as present." in body


def test_attendance_is_refused_before_the_day_and_for_the_waiting_list(programs_staff):
    start = timezone.now() + dt.timedelta(days=5)
    later = EventFactory(capacity=5, start=start, end=start + dt.timedelta(hours=2), timezone="UTC")
    with pytest.raises(DomainError, match="Attendance is recorded from the day the event begins"):
        services.attendance_mark(
            actor=programs_staff, registration=register(later, "Ana", programs_staff), attended=True
        )
    event = today_event(capacity=5)
    waiting = Registration.objects.create(
        event=event, name="Ben", email="ben@example.org", status="waitlisted"
    )
    with pytest.raises(DomainError, match="Ben has no confirmed place"):
        services.attendance_mark(actor=programs_staff, registration=waiting, attended=True)


def test_only_the_events_staff_tick(client, communications_staff, programs_staff):
    event = today_event(capacity=5)
    ana = register(event, "Ana", programs_staff)
    with pytest.raises(NotAllowed, match="Only the programs and policy teams"):
        services.attendance_mark(actor=communications_staff, registration=ana, attended=True)
    client.force_login(communications_staff)
    assert client.post(reverse("events:attendance_mark", args=[ana.pk]), {"attended": "1"}).status_code == 403
    assert not Registration.objects.get(pk=ana.pk).attended


# --- feedback ------------------------------------------------------------------------------------------


def ended_event_with(programs_staff):
    event = EventFactory(capacity=5)  # ended nine days ago
    came = register(event, "Ana", programs_staff, attended=True)
    stayed_away = register(event, "Ben", programs_staff)
    return event, came, stayed_away


def test_an_attendee_gives_feedback_through_their_link_and_staff_see_the_summary(client, programs_staff):
    event, came, _stayed_away = ended_event_with(programs_staff)
    url = reverse("events:feedback", args=[feedback_token(came)])
    assert "Overall, how was the event?" in client.get(url).content.decode()
    page = client.post(url, {"rating": "4", "useful": "yes", "comment": "Good panels"}, follow=True)
    assert "Thank you: your feedback is recorded." in page.content.decode()
    # a second answer is refused: the page says it is recorded
    client.post(url, {"rating": "1", "useful": "no"})
    assert Feedback.objects.get().rating == 4
    client.force_login(programs_staff)
    summary = client.get(reverse("events:feedback_summary", args=[event.pk])).content.decode()
    assert "1 answers from 1 attendees." in summary
    assert "Average rating: 4.0 out of 5" in summary
    assert 'id="feedback-ratings-chart"' in summary and 'id="feedback-by-rating"' in summary
    assert "Good panels" in summary


def test_feedback_from_someone_who_did_not_attend_is_refused(client, programs_staff):
    _event, _came, stayed_away = ended_event_with(programs_staff)
    with pytest.raises(DomainError, match="Ben is not recorded as attending"):
        services.feedback_submit(actor=programs_staff, registration=stayed_away, rating=5, useful=True)
    response = client.post(
        reverse("events:feedback", args=[feedback_token(stayed_away)]), {"rating": "5", "useful": "yes"}
    )
    assert response.status_code == 400 and "Ben is not recorded as attending" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_waits_for_the_end_and_a_forged_link_finds_nothing(client, programs_staff):
    event = today_event(capacity=5)
    ana = register(event, "Ana", programs_staff, attended=True)
    with pytest.raises(DomainError, match="Feedback opens once the event has ended"):
        services.feedback_submit(actor=programs_staff, registration=ana, rating=3, useful=True)
    assert client.get(reverse("events:feedback", args=[f"{ana.pk}:forged"])).status_code == 404


# --- invitations and reminders --------------------------------------------------------------------------


def upcoming(**fields):
    start = timezone.now() + dt.timedelta(days=2)
    return EventFactory(start=start, end=start + dt.timedelta(hours=4), timezone="UTC", **fields)


def test_staff_invite_a_regions_members_once_each_and_the_focal_points_get_the_mail(
    client, programs_staff, city_with_focal_point, other_city, django_capture_on_commit_callbacks
):
    event = upcoming(capacity=50)
    city_with_focal_point.focal_point.email = "focal@dakar.example"
    city_with_focal_point.focal_point.save()
    client.force_login(programs_staff)
    url = reverse("events:invite", args=[event.pk])
    data = {"region": city_with_focal_point.region_id}
    confirm = client.post(url, data).content.decode()
    assert "Invite 2 organisations" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {**data, "confirmed": "1"}, follow=True).content.decode()
    assert "2 organisations invited; 0 had been invited before." in page
    statuses = dict(Invitation.objects.values_list("organisation__name", "status"))
    assert statuses == {"Dakar Test": "sent", "Lisbon Test": "sent"}
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "awa@dakar.example",
        "focal@dakar.example",
        "joao@lisbon.example",
    ]
    # inviting Dakar again by name sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            url, {"organisations": [city_with_focal_point.pk], "confirmed": "1"}, follow=True
        ).content.decode()
    assert "0 organisations invited; 1 had been invited before." in page
    assert len(mail.outbox) == 2 and Invitation.objects.count() == 2


def test_an_invitation_without_anyone_chosen_is_refused(client, programs_staff):
    event = upcoming(capacity=50)
    client.force_login(programs_staff)
    response = client.post(reverse("events:invite", args=[event.pk]), {"confirmed": "1"})
    assert response.status_code == 400
    assert "Choose at least one organisation, or a region&#x27;s members." in response.content.decode()
    assert not Invitation.objects.exists()


def test_reminders_go_once_from_the_page_or_the_command(
    client, programs_staff, django_capture_on_commit_callbacks
):
    event = upcoming(capacity=5)
    register(event, "Ana", programs_staff)
    client.force_login(programs_staff)
    url = reverse("events:reminders", args=[event.pk])
    assert (
        "1 confirmed people who have not been reminded get a reminder by mail."
        in client.get(url).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert "1 reminders are on their way." in page
    assert [m.to for m in mail.outbox] == [["ana@example.org"]] and "Reminder" in mail.outbox[0].subject
    # a late registration is reminded by the daily command; Ana is not reminded again
    register(event, "Ben", programs_staff)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("event_reminders", "--days", "3", stdout=out)
    assert "queued 1 reminder(s)" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["ana@example.org"], ["ben@example.org"]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("event_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2


# --- the staff list --------------------------------------------------------------------------------------


def test_the_staff_list_filters_by_status_and_exports(client, programs_staff):
    event = upcoming(capacity=1)
    services.registration_create(actor=programs_staff, event=event, name="Ana", email="ana@example.org")
    services.registration_create(actor=programs_staff, event=event, name="Ben", email="ben@example.org")
    client.force_login(programs_staff)
    url = reverse("events:registrations", args=[event.pk])
    waiting = client.get(url, {"status": "waitlisted"}).content.decode()
    assert "Ben" in waiting and "ana@example.org" not in waiting
    response = client.get(url, {"status": "confirmed", "format": "csv"})
    export = b"".join(response.streaming_content).decode()
    assert "ana@example.org" in export and "ben@example.org" not in export
    page = client.get(url).content.decode()
    assert "Ben: registered (On the waiting list)" in page  # the history


# --- the metric -------------------------------------------------------------------------------------------


def compute(key, year):
    return REGISTRY[key].compute(year)


def test_attendance_is_counted_from_the_ticks_of_the_period(programs_staff, city):
    event = EventFactory(
        capacity=5,
        start=dt.datetime(2025, 10, 6, 9, tzinfo=dt.UTC),
        end=dt.datetime(2025, 10, 6, 17, tzinfo=dt.UTC),
    )
    ticked = dt.datetime(2025, 10, 6, 10, tzinfo=dt.UTC)
    register(event, "Ana", programs_staff, organisation=city, attended=True, attendance_at=ticked)
    register(event, "Ben", programs_staff, organisation=city, attended=True, attendance_at=ticked)
    register(event, "Cy", programs_staff)  # registered, never ticked
    assert compute("events.attendance.people", 2025).value == 2
    assert compute("events.attendance.organisations", 2025).value == 1
    assert compute("events.attendance.people", 2024).value == 0
    # a tick recorded after the year does not rewrite the year's figure
    register(
        event, "Late", programs_staff, attended=True, attendance_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    assert compute("events.attendance.people", 2025).value == 2
