"""A focal point sees and edits only their own organisation; the public sees no personal data."""

import pytest

from metrohub.network.models import Person


def test_a_focal_point_cannot_open_another_organisations_people(client, focal_point, other_city):
    client.force_login(focal_point)
    response = client.get(f"/registry/organisations/{other_city.pk}/")
    assert response.status_code == 403
    assert "João Silva" not in response.content.decode()
    assert "joao@lisbon.example" not in response.content.decode()


def test_a_focal_point_sees_their_own_organisations_people(client, focal_point, city):
    client.force_login(focal_point)
    response = client.get(f"/registry/organisations/{city.pk}/")
    assert response.status_code == 200
    assert "awa@dakar.example" in response.content.decode()


def test_a_focal_point_cannot_change_another_organisations_people(client, focal_point, other_city):
    client.force_login(focal_point)
    person = other_city.positions.get().person
    response = client.post(
        f"/registry/organisations/{other_city.pk}/people/{person.pk}/",
        {"name": "Changed", "title": "x", "role": "other", "email": "x@example.org"},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == "João Silva"


def test_a_focal_point_cannot_reach_another_citys_person_through_their_own_organisation(
    client, focal_point, city, other_city
):
    client.force_login(focal_point)
    person = other_city.positions.get().person
    response = client.post(
        f"/registry/organisations/{city.pk}/people/{person.pk}/",
        {"name": "Changed", "title": "x", "role": "other", "email": "x@example.org"},
    )
    assert response.status_code == 403  # refused like an unknown id: no telling which exist
    assert "no such person" in response.content.decode()
    assert Person.objects.get(pk=person.pk).name == "João Silva"


def test_a_focal_point_edits_their_own_people_and_history_records_it(client, focal_point, city):
    client.force_login(focal_point)
    person = city.positions.get().person
    response = client.post(
        f"/registry/organisations/{city.pk}/people/{person.pk}/",
        {"name": "Awa Ndiaye", "title": "Focal point", "role": "focal_point", "email": "awa.n@dakar.example"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email == "awa.n@dakar.example"
    assert person.history.first().history_user == focal_point


def test_the_api_gives_people_only_to_those_allowed(client, focal_point, city, other_city):
    # anonymous: public fields, no people
    anonymous = client.get(f"/api/v1/organisations/{other_city.pk}").json()
    assert anonymous["people"] is None
    assert client.get(f"/api/v1/organisations/{other_city.pk}/people").status_code == 403
    # a focal point: their own people, not another city's
    client.force_login(focal_point)
    assert client.get(f"/api/v1/organisations/{other_city.pk}").json()["people"] is None
    refused = client.get(f"/api/v1/organisations/{other_city.pk}/people")
    assert refused.status_code == 403
    assert "own organisation" in refused.json()["detail"]
    own = client.get(f"/api/v1/organisations/{city.pk}/people").json()
    assert [p["email"] for p in own] == ["awa@dakar.example"]


@pytest.mark.parametrize("role", ["membership", "programs", "finance", "hr"])
def test_the_secretariat_sees_contact_data(client, user_with_role, role, other_city):
    client.force_login(user_with_role(role))
    assert "joao@lisbon.example" in client.get(f"/registry/organisations/{other_city.pk}/").content.decode()


@pytest.mark.parametrize("role", ["reviewer", "focal_point"])
def test_the_staff_registry_is_closed_to_reviewers_and_focal_points(client, user_with_role, role, city):
    client.force_login(user_with_role(role))
    assert client.get("/registry/").status_code == 403
    assert client.get("/registry/organisations.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, city):
    response = client.get("/registry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_public_pages_and_api_carry_no_personal_data(client, city):
    for url in (
        "/members/",
        f"/members/{city.slug}/",
        "/members.csv",
        "/members/map.json",
        "/api/v1/organisations",
        f"/api/v1/organisations/{city.pk}",
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert b"awa@dakar.example" not in body, url
        assert b"Awa Ndiaye" not in body, url
