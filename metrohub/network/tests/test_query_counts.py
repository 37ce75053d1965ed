"""The registry's pages cost a fixed number of SQL queries, however many rows they show.

Each test builds a small registry, counts the queries of one page, grows the registry well
past a page of results and counts again: the two counts must be equal (no query per row) and
stay within the page's budget. The budgets were measured on SQLite and PostgreSQL, plus a
margin of two; raising one should be a decision, not an accident.
"""

import datetime as dt
import json
from decimal import Decimal

import pytest

from metrohub.core.models import DeclaredFigure, Region
from metrohub.core.testing import assert_queries_constant
from metrohub.network.models import GoverningBody, Office, Organisation, Person
from metrohub.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    make_user,
)

# Queries per request: measured on SQLite and PostgreSQL (in brackets), plus a margin of 2.
# A page for the secretariat starts with 4: session, user, the user's groups, their second factor.
DIRECTORY_BUDGET = 13  # (11) regions, count, page rows, 2 for the declared figures, 2 metric counts
DIRECTORY_PARTIAL_BUDGET = 13  # (11) the same queries as the whole page
CSV_EXPORT_BUDGET = 9  # (7) one query streams every row
XLSX_EXPORT_BUDGET = 9  # (7)
PUBLIC_DIRECTORY_BUDGET = 9  # (7) anonymous: no session, user or groups
MAP_DATA_BUDGET = 4  # (2) the members, the count of those without coordinates
ORGANISATION_PAGE_BUDGET = 20  # (18, measured) the organisation twice, 5 prefetches, 4 for the history;
# for the membership team, its focal points, their invitations and whether it may have them
GOVERNANCE_BUDGET = 8  # (6) the bodies and, in one query, their offices
API_LIST_BUDGET = 4  # (2) count and rows
API_DETAIL_BUDGET = 13  # (11 logged in, 7 anonymous) the organisation twice, 5 prefetches

pytestmark = pytest.mark.django_db


@pytest.fixture
def declared_figures(db):
    """The figures a report declared, as the 2024 data load them: the directory shows them."""
    for key, value in [("network.members.total", 164), ("network.members.new", 4)]:
        DeclaredFigure.objects.create(
            key=key,
            period=2024,
            value=Decimal(value),
            unit="organisations",
            label=key,
            document="Annual report 2024",
            section="Annexes",
        )


@pytest.fixture
def staff_client(client, declared_figures):
    client.force_login(make_user("membership"))  # with a second factor, as staff must
    return client


@pytest.fixture
def body(db):
    return GoverningBody.objects.create(
        slug="board", name="Board of Directors", kind=GoverningBody.Kind.BOARD
    )


def add_organisations(count: int, *, start: int = 0) -> list[Organisation]:
    """Organisations across the regions: most are members, some have people and a seat on the board."""
    regions = list(Region.objects.order_by("order"))
    body, _ = GoverningBody.objects.get_or_create(
        slug="board", defaults={"name": "Board of Directors", "kind": GoverningBody.Kind.BOARD}
    )
    organisations = []
    for n in range(start, start + count):
        organisation = OrganisationFactory(
            name=f"Scale City {n:03d}",
            slug=f"scale-city-{n:03d}",
            region=regions[n % len(regions)],
            population=100_000 + n,
            latitude=Decimal("10.5") + n % 40,
            longitude=Decimal("20.25") + n % 80,
        )
        if n % 5 != 4:
            MembershipFactory(
                organisation=organisation,
                joined_year=2000 + n % 25,
                period__category="associate" if n % 3 == 0 else "full",
                period__status="suspended" if n % 7 == 0 else "active",
            )
        if n % 2 == 0:
            PositionFactory(organisation=organisation)
        if n % 3 == 0:
            add_office(organisation, body=body)
        organisations.append(organisation)
    return organisations


def add_office(organisation: Organisation, *, body: GoverningBody, person: Person | None = None) -> Office:
    person = person or PersonFactory()
    return Office.objects.create(
        body=body,
        person=person,
        organisation=organisation,
        region=organisation.region,
        role=Office.Role.MEMBER,
        title=f"Mayor of {organisation.name}",
        start=dt.date(2023, 1, 1),
    )


# One way to count a page's queries, for every app: core.testing (people and finance import it from here too).
assert_constant = assert_queries_constant


# The directory, staff and public, and its exports ------------------------------------------------


def test_staff_directory_costs_the_same_queries_for_5_or_60_organisations(staff_client):
    # given
    add_organisations(5)

    # when
    page = assert_constant(
        staff_client, "/registry/", grow=lambda: add_organisations(55, start=5), budget=DIRECTORY_BUDGET
    )

    # then the page lists one page of the 60
    assert "60 organisations" in page
    assert page.count("Scale City ") == 25


def test_staff_directory_sorted_and_filtered_costs_the_same_queries(staff_client):
    # given
    add_organisations(5)

    # when / then
    assert_constant(
        staff_client,
        "/registry/?sort=-population&category=full&page=2",
        grow=lambda: add_organisations(115, start=5),
        budget=DIRECTORY_BUDGET,
    )


def test_directory_partial_for_htmx_costs_the_same_queries(staff_client):
    # given
    add_organisations(5)

    # when
    partial = assert_constant(
        staff_client,
        "/registry/?sort=region",
        grow=lambda: add_organisations(55, start=5),
        budget=DIRECTORY_PARTIAL_BUDGET,
        headers={"HX-Request": "true"},
    )

    # then only the results came back, not the whole page
    assert "<html" not in partial
    assert "60 organisations" in partial


def test_csv_export_streams_every_row_in_the_same_queries(staff_client):
    # given
    add_organisations(5)

    # when / then
    assert_constant(
        staff_client,
        "/registry/organisations.csv",
        grow=lambda: add_organisations(55, start=5),
        budget=CSV_EXPORT_BUDGET,
    )


def test_csv_export_holds_every_organisation(staff_client):
    # given
    add_organisations(60)

    # when
    response = staff_client.get("/registry/organisations.csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()

    # then the header and one line per organisation
    assert len(lines) == 1 + 60


def test_xlsx_export_costs_the_same_queries(staff_client):
    # given
    add_organisations(5)

    # when / then
    assert_constant(
        staff_client,
        "/registry/organisations.xlsx",
        grow=lambda: add_organisations(55, start=5),
        budget=XLSX_EXPORT_BUDGET,
    )


def test_public_directory_costs_the_same_queries(client, declared_figures):
    # given
    add_organisations(5)

    # when
    page = assert_constant(
        client, "/members/", grow=lambda: add_organisations(55, start=5), budget=PUBLIC_DIRECTORY_BUDGET
    )

    # then members only: 48 of the 60 have a membership
    assert "48 organisations" in page


def test_member_map_data_costs_the_same_queries(client):
    # given
    add_organisations(5)

    # when
    data = assert_constant(
        client, "/members/map.json", grow=lambda: add_organisations(55, start=5), budget=MAP_DATA_BUDGET
    )

    # then every member is on the map
    assert len(json.loads(data)["members"]) == 48


# One organisation's page ----------------------------------------------------------------------


@pytest.fixture
def member(db):
    organisation = OrganisationFactory(name="Dakar Scale", slug="dakar-scale", country="SN")
    MembershipFactory(organisation=organisation, joined_year=2010)
    PositionFactory(organisation=organisation)
    return organisation


def add_people(organisation: Organisation, count: int) -> None:
    for _ in range(count):
        PositionFactory(organisation=organisation)


def add_offices(organisation: Organisation, count: int) -> None:
    bodies = [
        GoverningBody.objects.get_or_create(
            slug=f"body-{n}", defaults={"name": f"Body {n}", "kind": "other"}
        )[0]
        for n in range(3)
    ]
    for n in range(count):
        add_office(organisation, body=bodies[n % len(bodies)])


def add_history(organisation: Organisation, count: int) -> None:
    """Edits by several people: each is one entry in the page's history of changes."""
    for n in range(count):
        organisation._history_user = make_user("membership")
        organisation.population = 1_000_000 + n
        organisation.save()
        period = organisation.membership.periods.get()
        period._history_user = organisation._history_user
        period.source = f"Edit {n}"
        period.save()


def test_organisation_page_costs_the_same_queries_with_more_people(staff_client, member):
    # given / when / then
    assert_constant(
        staff_client,
        f"/registry/organisations/{member.pk}/",
        grow=lambda: add_people(member, 20),
        budget=ORGANISATION_PAGE_BUDGET,
    )


def test_organisation_page_costs_the_same_queries_with_more_offices(staff_client, member, body):
    # given
    add_office(member, body=body)

    # when / then
    assert_constant(
        staff_client,
        f"/registry/organisations/{member.pk}/",
        grow=lambda: add_offices(member, 12),
        budget=ORGANISATION_PAGE_BUDGET,
    )


def test_organisation_page_costs_the_same_queries_with_longer_history(staff_client, member):
    # given
    add_history(member, 1)

    # when / then
    assert_constant(
        staff_client,
        f"/registry/organisations/{member.pk}/",
        grow=lambda: add_history(member, 15),
        budget=ORGANISATION_PAGE_BUDGET,
    )


def test_governance_page_costs_the_same_queries_with_more_offices(staff_client, body):
    # given
    organisations = add_organisations(5)
    for organisation in organisations:
        add_office(organisation, body=body)

    # when / then
    assert_constant(
        staff_client,
        "/registry/governance/",
        grow=lambda: add_organisations(40, start=5),
        budget=GOVERNANCE_BUDGET,
    )


# The API -----------------------------------------------------------------------------------------


def test_api_list_costs_the_same_queries_for_5_or_80_organisations(client):
    # given
    add_organisations(5)

    # when
    data = assert_constant(
        client,
        "/api/v1/organisations?limit=50",
        grow=lambda: add_organisations(75, start=5),
        budget=API_LIST_BUDGET,
    )

    # then 50 of the 64 members (the public face: organisations without a membership are left out)
    listing = json.loads(data)
    assert (listing["count"], len(listing["items"])) == (64, 50)


def test_api_detail_costs_the_same_queries_with_more_people_and_offices(staff_client, member, body):
    # given
    add_office(member, body=body)

    def grow():
        add_people(member, 15)
        add_offices(member, 10)
        add_history(member, 5)

    # when
    data = assert_constant(
        staff_client, f"/api/v1/organisations/{member.pk}", grow=grow, budget=API_DETAIL_BUDGET
    )

    # then every person and every office is in it
    detail = json.loads(data)
    assert (len(detail["people"]), len(detail["offices"])) == (16, 11)


def test_api_detail_for_anonymous_costs_the_same_queries(client, member, body):
    # given
    add_office(member, body=body)

    # when
    data = assert_constant(
        client,
        f"/api/v1/organisations/{member.pk}",
        grow=lambda: add_offices(member, 10),
        budget=API_DETAIL_BUDGET,
    )

    # then the offices, and no people
    detail = json.loads(data)
    assert (detail["people"], len(detail["offices"])) == (None, 11)
