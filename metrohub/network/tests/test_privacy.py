import json

from metrohub.network.models import Office, Person, PrivacyRequest
from metrohub.network.tests.factories import make_user


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
    response = client.post(f"/registry/people/{person.pk}/erase/", {"confirm": "erase", "note": "ticket 42"})
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
    assert client.post(f"/registry/people/{person.pk}/erase/", {"confirm": "erase"}).status_code == 403
    assert Person.objects.get(pk=person.pk).erased_at is None
    assert not PrivacyRequest.objects.exists()
