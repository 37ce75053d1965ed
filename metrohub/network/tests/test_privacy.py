import json

from metrohub.network.models import Office, Person, PrivacyRequest
from metrohub.network.tests.factories import PersonFactory, make_user


def test_a_persons_data_export_holds_what_we_keep_and_is_logged(client, membership_staff, city):
    person = city.positions.get().person
    client.force_login(membership_staff)
    response = client.post(f"/registry/people/{person.pk}/export/")
    data = json.loads(response.content)
    assert data["person"]["email"] == "awa@dakar.example"
    assert data["positions"][0]["organisation"] == "Dakar Test"
    assert PrivacyRequest.objects.get(kind="export").actor == membership_staff


def test_erasure_removes_the_person_from_pages_exports_and_api_but_counts_stay(
    client, membership_staff, city
):
    # given Awa Ndiaye, with a seat on the board
    from metrohub.network.models import GoverningBody

    person = city.positions.get().person
    board = GoverningBody.objects.create(slug="board", name="Board", kind="board")
    Office.objects.create(body=board, person=person, organisation=city, title="Focal point of Dakar Test")
    seats_before = board.offices.count()
    people_before = Person.objects.count()
    client.force_login(membership_staff)
    # when her data are erased
    response = client.post(f"/registry/people/{person.pk}/erase/", {"confirmed": "1", "note": "ticket 42"})
    assert response.status_code == 302
    # then she appears nowhere
    for url in (
        f"/registry/organisations/{city.pk}/",
        "/registry/governance/",
        f"/api/v1/organisations/{city.pk}",
        f"/api/v1/organisations/{city.pk}/people",
        f"/members/{city.slug}/",
    ):
        body = client.get(url).content.decode()
        assert "Awa" not in body and "awa@dakar.example" not in body, url
    assert not Person.history.filter(name__contains="Awa").exists()
    assert not Office.history.filter(title__contains="Dakar Test").exists()
    # and the counts that included her are unchanged
    assert board.offices.count() == seats_before
    assert Person.objects.count() == people_before
    log = PrivacyRequest.objects.get(kind="erasure")
    assert (log.person_id, log.actor, log.note) == (person.pk, membership_staff, "ticket 42")


def test_only_registry_managers_may_export_or_erase(client, city):
    person = city.positions.get().person
    client.force_login(make_user("programs"))
    assert client.post(f"/registry/people/{person.pk}/export/").status_code == 403
    assert client.post(f"/registry/people/{person.pk}/erase/", {"confirmed": "1"}).status_code == 403
    assert Person.objects.get(pk=person.pk).erased_at is None
    assert not PrivacyRequest.objects.exists()


def test_erasure_and_export_reach_every_copy_of_the_person_in_the_registry(client, membership_staff, city):
    # given Awa, who spoke on a panel (linked), was copied by name as a participant of a lab
    # (no link), and subscribed to the newsletter
    from metrohub.comms.models import Subscriber
    from metrohub.events.models import Speaker
    from metrohub.events.tests.factories import SpeakerFactory
    from metrohub.programs.models import Participant
    from metrohub.programs.tests.factories import make_lab

    person = city.positions.get().person
    speaker = SpeakerFactory(person=person, name="Awa Ndiaye", title="Deputy mayor", woman=True)
    participant = Participant.objects.create(lab=make_lab(), name="awa ndiaye", gender="woman")
    namesake = Participant.objects.create(lab=participant.lab, name="Awa Ndiaye", person=PersonFactory())
    Subscriber.objects.create(email="AWA@dakar.example", name="Awa", status="confirmed")
    client.force_login(membership_staff)
    # when her data are exported
    export = json.loads(client.post(f"/registry/people/{person.pk}/export/").content)
    # then every copy is in it, and the namesake linked to someone else is not
    records = export["records"]
    assert [r["title"] for r in records["events.Speaker"]] == ["Deputy mayor"]
    assert [r["pk"] for r in records["programs.Participant"]] == [participant.pk]
    assert [r["email"] for r in records["comms.Subscriber"]] == ["AWA@dakar.example"]
    # when her data are erased
    client.post(f"/registry/people/{person.pk}/erase/", {"confirmed": "1"})
    # then no copy keeps her name, title or email, history included; the counts stay
    speaker.refresh_from_db()
    participant.refresh_from_db()
    assert (speaker.name, speaker.title, speaker.gender) == ("—", "", "woman")
    assert (participant.name, participant.gender) == ("—", "woman")
    assert not Speaker.history.filter(name__icontains="awa").exists()
    assert not Participant.history.filter(pk=participant.pk, name__icontains="awa").exists()
    subscriber = Subscriber.objects.get()
    assert "awa" not in subscriber.email.lower() and subscriber.status == "unsubscribed"
    namesake.refresh_from_db()
    assert namesake.name == "Awa Ndiaye"
