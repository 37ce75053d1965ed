"""Members register their own people for events: places, then the waiting list; never another
organisation's person, never after the event. Cancelling frees a place for the first waiting,
who is told by mail."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.events import services
from metrohub.events.models import Registration
from metrohub.events.tests.factories import EventFactory
from metrohub.network.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def upcoming(**fields):
    start = timezone.now() + dt.timedelta(days=20)
    return EventFactory(start=start, end=start + dt.timedelta(hours=6), **fields)


def awa_of(city):
    return city.positions.get(person__name="Awa Ndiaye").person


def person_of(organisation, name):
    return PositionFactory(organisation=organisation, person__name=name).person


def test_a_focal_point_registers_their_people_and_the_third_waits(city_with_focal_point):
    # given an event with two places and three people of Dakar
    event = upcoming(capacity=2)
    focal = city_with_focal_point.focal_point
    awa = awa_of(city_with_focal_point)
    moussa, fatou = person_of(city_with_focal_point, "Moussa"), person_of(city_with_focal_point, "Fatou")
    # when the focal point registers two, then a third
    first = services.registrations_for_people(actor=focal, event=event, people=[awa, moussa])
    third = services.registration_create(actor=focal, event=event, person=fatou)
    # then two have places, the third waits (a full event is no refusal), all for Dakar
    assert [r.status for r in first] == ["confirmed", "confirmed"]
    assert third.status == "waitlisted"
    assert set(event.registrations.values_list("organisation_id", flat=True)) == {city_with_focal_point.pk}
    assert third.registered_by == focal


def test_a_focal_point_may_not_register_another_organisations_person(city_with_focal_point, other_city):
    event = upcoming(capacity=5)
    joao = other_city.positions.get(person__name="João Silva").person
    with pytest.raises(NotAllowed, match="the people of your own organisation only"):
        services.registration_create(actor=city_with_focal_point.focal_point, event=event, person=joao)
    assert not event.registrations.exists()


def test_a_focal_point_may_not_register_a_name_that_is_not_on_record(city_with_focal_point):
    event = upcoming(capacity=5)
    with pytest.raises(NotAllowed, match="the people of your own organisation only"):
        services.registration_create(
            actor=city_with_focal_point.focal_point, event=event, name="Anyone", email="x@example.org"
        )


def test_one_refused_person_registers_nobody(city_with_focal_point, other_city):
    event = upcoming(capacity=5)
    awa, joao = awa_of(city_with_focal_point), other_city.positions.get(person__name="João Silva").person
    with pytest.raises(NotAllowed, match="the people of your own organisation only"):
        services.registrations_for_people(
            actor=city_with_focal_point.focal_point, event=event, people=[awa, joao]
        )
    assert not event.registrations.exists()


def test_nobody_registers_after_the_event(city_with_focal_point, programs_staff):
    ended = EventFactory(capacity=5)  # ended nine days ago
    awa = awa_of(city_with_focal_point)
    with pytest.raises(DomainError, match="Registration is closed: the event ended on"):
        services.registration_create(actor=city_with_focal_point.focal_point, event=ended, person=awa)
    with pytest.raises(DomainError, match="Registration is closed: the event ended on"):
        services.registration_create(actor=programs_staff, event=ended, name="Ana", email="ana@example.org")
    assert not ended.registrations.exists()


def test_the_same_person_is_not_registered_twice(city_with_focal_point):
    event = upcoming(capacity=5)
    awa = awa_of(city_with_focal_point)
    services.registration_create(actor=city_with_focal_point.focal_point, event=event, person=awa)
    with pytest.raises(DomainError, match="Awa Ndiaye is already registered for this event"):
        services.registration_create(actor=city_with_focal_point.focal_point, event=event, person=awa)


# --- over HTTP, through the portal's form -------------------------------------------------------------


def test_the_portal_page_registers_ticked_people(client, city_with_focal_point):
    event = upcoming(capacity=1)
    moussa = person_of(city_with_focal_point, "Moussa")
    awa = awa_of(city_with_focal_point)
    client.force_login(city_with_focal_point.focal_point)
    url = reverse("events:register", args=[event.pk])
    page = client.get(url).content.decode()
    assert "Awa Ndiaye" in page and "Moussa" in page and "João" not in page
    page = client.post(url, {"people": [awa.pk, moussa.pk]}, follow=True).content.decode()
    assert "Awa Ndiaye is registered." in page
    assert "The event is full: Moussa is on the waiting list." in page


def test_a_forged_person_id_is_refused_and_changes_nothing(client, city_with_focal_point, other_city):
    # given an event where Dakar already registered Awa
    event = upcoming(capacity=5)
    awa = awa_of(city_with_focal_point)
    services.registration_create(actor=city_with_focal_point.focal_point, event=event, person=awa)
    joao = other_city.positions.get(person__name="João Silva").person
    client.force_login(city_with_focal_point.focal_point)
    # when Dakar's focal point posts Lisbon's person id in the form
    response = client.post(reverse("events:register", args=[event.pk]), {"people": [joao.pk]})
    # then it is refused with the reason, and the registrations are as they were
    assert response.status_code == 403
    assert "You can register the people of your own organisation only." in response.content.decode()
    assert list(event.registrations.values_list("person__name", flat=True)) == ["Awa Ndiaye"]
    # an id that is nobody's is refused too
    response = client.post(reverse("events:register", args=[event.pk]), {"people": ["999999"]})
    assert response.status_code == 400
    assert event.registrations.count() == 1


def test_a_focal_point_cancels_and_the_first_waiting_is_told_by_mail(
    client, city_with_focal_point, django_capture_on_commit_callbacks
):
    event = upcoming(capacity=1)
    focal = city_with_focal_point.focal_point
    awa = awa_of(city_with_focal_point)
    moussa = person_of(city_with_focal_point, "Moussa")
    moussa.email = "moussa@dakar.example"
    moussa.save()
    taken = services.registration_create(actor=focal, event=event, person=awa)
    services.registration_create(actor=focal, event=event, person=moussa)
    client.force_login(focal)
    url = reverse("events:registration_cancel", args=[taken.pk])
    # the cancel button asks first
    assert "Cancel the registration of Awa Ndiaye?" in client.post(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"confirmed": "1"}, follow=True).content.decode()
    assert "Moussa moves up from the waiting list and is told by mail." in page
    assert dict(event.registrations.values_list("name", "status")) == {
        "Awa Ndiaye": "cancelled",
        "Moussa": "confirmed",
    }
    (message,) = mail.outbox
    assert "moussa@dakar.example" in message.to and "A place for you" in message.subject


def test_a_focal_point_cannot_cancel_another_organisations_registration(
    client, city_with_focal_point, other_city, programs_staff
):
    event = upcoming(capacity=3)
    theirs = services.registration_create(
        actor=programs_staff, event=event, person=other_city.positions.get(person__name="João Silva").person
    )
    client.force_login(city_with_focal_point.focal_point)
    response = client.post(reverse("events:registration_cancel", args=[theirs.pk]), {"confirmed": "1"})
    assert response.status_code == 403
    assert Registration.objects.get(pk=theirs.pk).status == "confirmed"


def test_the_portal_lists_open_events_and_the_organisations_registrations(client, city_with_focal_point):
    event = upcoming(capacity=3, title="World Metropolitan Day Test")
    awa = awa_of(city_with_focal_point)
    services.registration_create(actor=city_with_focal_point.focal_point, event=event, person=awa)
    client.force_login(city_with_focal_point.focal_point)
    page = client.get(reverse("network:portal"), follow=True).content.decode()
    assert "Events your people can register for" in page
    assert reverse("events:register", args=[event.pk]) in page
    assert "Awa Ndiaye" in page
    detail = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert reverse("events:register", args=[event.pk]) in detail
