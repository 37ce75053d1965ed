"""HR records are for HR and administrators only: no other role, and no anonymous visitor, reads
them on a page, in an export, or through the API."""

import re

import pytest
from django.urls import reverse

from metrohub.accounts.roles import Role
from metrohub.core.tests.test_permission_matrix import iter_matrix_modules
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user
from metrohub.people.tests.factories import StaffMemberFactory

OTHER_ROLES = [
    Role.MEMBERSHIP,
    Role.PROGRAMS,
    Role.POLICY,
    Role.COMMUNICATIONS,
    Role.FINANCE,
    Role.REVIEWER,
    Role.FOCAL_POINT,
]
SECRET_NAME = "Zenobia Quillfeather"


@pytest.fixture
def record(db):
    return StaffMemberFactory(name=SECRET_NAME, position="Policy Officer", gender="woman", city="Nairobi")


def hr_urls(record) -> list[str]:
    return [
        reverse("people:staff_list"),
        reverse("people:staff_list") + "?q=Zenobia",
        reverse("people:staff_export", args=["csv"]),
        reverse("people:staff_export", args=["xlsx"]),
        reverse("people:staff_add"),
        reverse("people:staff_detail", args=[record.pk]),
        reverse("people:staff_edit", args=[record.pk]),
        reverse("people:levels"),
        reverse("people:level_add"),
        reverse("people:level_edit", args=[record.level_id]),
        reverse("people:headcount"),
    ]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig", errors="replace")


def user_for(role):
    if role == Role.FOCAL_POINT:
        city = OrganisationFactory()
        MembershipFactory(organisation=city)
        return make_user(role, organisation=city)
    return make_user(role)


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused_every_hr_page_and_export(client, record, role):
    # given a logged-in user of a role other than HR or admin
    client.force_login(user_for(role))
    for url in hr_urls(record):
        # when they ask for an HR page or export
        response = client.get(url)
        # then they are refused and nothing of the record shows
        assert response.status_code == 403, url
        assert SECRET_NAME not in body(response), url
        assert "Nairobi" not in body(response), url


def test_anonymous_visitors_are_sent_to_log_in(client, record):
    for url in hr_urls(record):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_change_hr_records(client, record, role):
    # given
    client.force_login(user_for(role))
    # when they post a change and a new record
    edited = client.post(
        reverse("people:staff_edit", args=[record.pk]), {"name": "Changed", "position": "Head"}
    )
    added = client.post(reverse("people:staff_add"), {"name": "Intruder", "position": "Head"})
    # then both are refused and nothing changed
    assert (edited.status_code, added.status_code) == (403, 403)
    record.refresh_from_db()
    assert record.name == SECRET_NAME
    assert not type(record).objects.filter(name="Intruder").exists()


@pytest.mark.parametrize("role", [Role.HR, Role.ADMIN])
def test_hr_and_administrators_see_every_page_and_export(client, record, role):
    client.force_login(make_user(role))
    for url in hr_urls(record):
        response = client.get(url)
        assert response.status_code == 200, url
    assert SECRET_NAME in body(client.get(reverse("people:staff_export", args=["csv"])))
    assert SECRET_NAME in body(client.get(reverse("people:staff_detail", args=[record.pk])))


@pytest.mark.parametrize("role", [*OTHER_ROLES, None])
def test_the_navigation_links_to_people_for_hr_and_admin_only(client, db, role):
    if role is not None:
        client.force_login(user_for(role))
    page = client.get("/members/").content.decode()
    assert reverse("people:staff_list") not in page


@pytest.mark.parametrize("role", [Role.HR, Role.ADMIN])
def test_the_navigation_links_to_people_for_hr_and_admin(client, db, role):
    client.force_login(make_user(role))
    assert reverse("people:staff_list") in client.get("/members/").content.decode()


@pytest.mark.parametrize("role", [*OTHER_ROLES, None])
def test_no_api_answer_holds_an_hr_record(client, record, role):
    # given a caller of any role but HR and admin
    if role is not None:
        client.force_login(user_for(role))
    organisation = OrganisationFactory()
    samples = {"organisation_id": organisation.pk}
    for module in iter_matrix_modules():
        samples.update(module.samples())
    # when they call every GET route of the API, path parameters filled from the apps' samples
    document = client.get("/api/v1/openapi.json").json()
    for route, operations in document["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"{(\w+)}", lambda m: str(samples[m.group(1)]), route)
        response = client.get(url)
        # then no answer holds a staff record
        assert SECRET_NAME not in body(response), url
    # and no route of the API serves the HR records at all (there is no staff API yet)
    assert not [route for route in document["paths"] if "staff" in route]
