"""Registrations: places while they last, then the waiting list; a cancellation promotes the first
person waiting."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.events import services
from metrohub.events.models import Registration
from metrohub.events.tests.factories import EventFactory
from metrohub.network.tests.factories import make_user

pytestmark = pytest.mark.django_db


def upcoming(**fields):
    """Registrations are taken before the event."""
    start = timezone.now() + dt.timedelta(days=30)
    return EventFactory(start=start, end=start + dt.timedelta(hours=4), **fields)


def register(event, who, actor):
    return services.registration_create(actor=actor, event=event, name=who, email=f"{who}@example.org")


def test_places_then_waiting_list_then_promotion(programs_staff):
    # given an event with two places
    event = upcoming(capacity=2)
    ana, ben = register(event, "ana", programs_staff), register(event, "ben", programs_staff)
    # when two more register
    cy, di = register(event, "cy", programs_staff), register(event, "di", programs_staff)
    # then they wait, in order
    assert [ana.status, ben.status] == ["confirmed", "confirmed"]
    assert [cy.status, di.status] == ["waitlisted", "waitlisted"]
    # when a confirmed person cancels
    promoted = services.registration_cancel(actor=programs_staff, registration=ben)
    # then the first person waiting takes the place, and the next still waits
    assert promoted.pk == cy.pk
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"ana": "confirmed", "ben": "cancelled", "cy": "confirmed", "di": "waitlisted"}


def test_cancelling_from_the_waiting_list_promotes_nobody(programs_staff):
    event = upcoming(capacity=1)
    register(event, "ana", programs_staff)
    waiting = register(event, "ben", programs_staff)
    assert services.registration_cancel(actor=programs_staff, registration=waiting) is None
    assert event.registrations.filter(status="confirmed").count() == 1


def test_the_same_email_cannot_register_twice_but_may_again_after_cancelling(programs_staff):
    event = upcoming(capacity=5)
    first = register(event, "ana", programs_staff)
    with pytest.raises(DomainError, match=r"ana@example\.org is already registered for this event"):
        register(event, "ana", programs_staff)
    services.registration_cancel(actor=programs_staff, registration=first)
    assert register(event, "ana", programs_staff).status == "confirmed"


def test_an_event_without_capacity_takes_no_registration(programs_staff):
    with pytest.raises(DomainError, match="This event takes no registrations"):
        register(upcoming(capacity=None), "ana", programs_staff)


def test_capacity_cannot_drop_below_those_confirmed(programs_staff):
    event = upcoming(capacity=2)
    register(event, "ana", programs_staff), register(event, "ben", programs_staff)
    with pytest.raises(DomainError, match="More people are already confirmed than this capacity allows"):
        services.event_update(actor=programs_staff, event=event, capacity=1)


def test_communications_may_not_register_people():
    with pytest.raises(
        NotAllowed, match="Only a member's focal point or the events staff register people for events"
    ):
        register(upcoming(capacity=3), "ana", make_user("communications"))


def test_the_registrations_page_registers_and_cancels(client, programs_staff):
    client.force_login(programs_staff)
    event = upcoming(capacity=1)
    url = reverse("events:registrations", args=[event.pk])
    page = client.post(url, {"name": "Ana", "email": "ana@example.org"}, follow=True).content.decode()
    assert "Ana is registered." in page
    page = client.post(url, {"name": "Ben", "email": "ben@example.org"}, follow=True).content.decode()
    assert "The event is full: Ben is on the waiting list." in page
    assert "1 of 1 places taken, 0 free; 1 on the waiting list." in page
    ana = Registration.objects.get(name="Ana")
    response = client.post(
        reverse("events:registration_cancel", args=[ana.pk]), {"confirmed": "1"}, follow=True
    )
    assert "Ben moves up from the waiting list and is told by mail." in response.content.decode()


def test_registrations_are_never_on_public_pages_or_the_api(client, programs_staff):
    event = upcoming(capacity=3)
    register(event, "secretguest", programs_staff)
    assert "secretguest" not in client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "secretguest" not in client.get("/api/v1/events/").content.decode()
    assert client.get(reverse("events:registrations", args=[event.pk])).status_code == 302


def test_an_event_without_capacity_says_so_instead_of_counting_none(client, programs_staff):
    client.force_login(programs_staff)
    event = upcoming(capacity=None)
    page = client.get(reverse("events:registrations", args=[event.pk])).content.decode()
    assert "This event takes no registrations." in page
    assert "of None places" not in page
    detail = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "of None places" not in detail
