"""Finding 6: a focal point's reach is their organisation's *current* people.

Someone who held a position at Dakar and now holds one at Abidjan belongs to Abidjan: Dakar's
focal point can neither read nor change them, through the pages or the API.
"""

import secrets

MOVED = """
import datetime as dt
from tests.security.seed import city
from metrohub.network.models import Person, Position
dakar, abidjan = city("dakar"), city("abidjan")
person = Person.objects.create(name=name, email=email, phone="+221 33 000 00 00")
Position.objects.create(person=person, organisation=dakar, role="focal_point", title="Officer",
                        start=dt.date(2020, 1, 1), end=dt.date(2024, 6, 30))
Position.objects.create(person=person, organisation=abidjan, role="staff", title="Adviser",
                        start=dt.date(2024, 7, 1))
result = {"person": person.pk, "dakar": dakar.pk, "abidjan": abidjan.pk}
"""

PERSON = """
from metrohub.network.models import Person
person = Person.objects.get(pk=pk)
result = {"name": person.name, "email": person.email, "phone": person.phone,
          "changes": person.history.count()}
"""


def moved_person(site) -> dict:
    tag = secrets.token_hex(3)
    name, email = f"Mariama Moved {tag}", f"mariama.{tag}@abidjan.example"
    return {**site.run(MOVED, name=name, email=email), "name": name, "email": email}


def edit(person: dict, organisation: int, **changes) -> tuple[str, dict]:
    path = f"/registry/organisations/{organisation}/people/{person['person']}/"
    data = {"name": person["name"], "title": "Adviser", "role": "staff", "email": person["email"]}
    return path, {**data, **changes}


def test_a_focal_point_cannot_read_or_change_someone_who_moved_to_another_city(site):
    # given Mariama, who worked at Dakar and now works at Abidjan
    person = moved_person(site)
    before = site.run(PERSON, pk=person["person"])
    browser = site.browser()
    browser.login(site.user("focal_point", organisation="dakar"))
    # when Dakar's focal point opens her edit page, posts it, and asks the pages and the API
    path, data = edit(person, person["dakar"], name="Changed by Dakar", email="dakar@attacker.example")
    page = browser.get(path)
    posted = browser.submit(path, data, form_page=f"/registry/organisations/{person['dakar']}/")
    organisation_page = browser.get(f"/registry/organisations/{person['dakar']}/")
    api_people = browser.get(f"/api/v1/organisations/{person['dakar']}/people")
    api_detail = browser.get(f"/api/v1/organisations/{person['dakar']}")
    # then every door is closed, with its reason
    assert page.status_code == 403 and "current people" in page.text
    assert posted.status_code == 403 and "current people" in posted.text
    assert organisation_page.status_code == 200  # her own organisation, yes ...
    assert api_people.status_code == 200 and api_detail.status_code == 200
    for answer in (organisation_page, api_people, api_detail):  # ... but not Mariama in it
        assert person["email"] not in answer.text and person["name"] not in answer.text
    # and nothing changed
    assert site.run(PERSON, pk=person["person"]) == before
    assert site.server_errors() == []


def test_the_focal_point_of_the_city_she_moved_to_reads_and_changes_her(site):
    # given Mariama, now at Abidjan
    person = moved_person(site)
    browser = site.browser()
    browser.login(site.user("focal_point", organisation="abidjan"))
    # when Abidjan's focal point opens her page, the API, and changes her email
    path, data = edit(person, person["abidjan"], email=f"new.{person['email']}")
    assert browser.get(path).status_code == 200
    people = browser.get(f"/api/v1/organisations/{person['abidjan']}/people").json()
    posted = browser.submit(path, data)
    # then it works
    assert person["email"] in [p["email"] for p in people]
    assert posted.status_code == 302, posted.text[:2000]
    assert site.run(PERSON, pk=person["person"])["email"] == f"new.{person['email']}"


def test_the_membership_team_still_sees_her_past_at_dakar(site):
    # given Mariama, who left Dakar
    person = moved_person(site)
    browser = site.browser()
    browser.login(site.user("membership"))
    # when the secretariat opens Dakar's record
    page = browser.get(f"/registry/organisations/{person['dakar']}/")
    # then her past position is there (the registry keeps its history)
    assert page.status_code == 200 and person["name"] in page.text
