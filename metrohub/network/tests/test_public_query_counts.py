"""The registry's public pages (a member's profile, the map, the members' CSV) and the figures page
cost a fixed number of SQL queries, however many members and offices they show (the directory, an
organisation's page and the API: test_query_counts.py)."""

import pytest

from metrohub.core.models import DeclaredFigure
from metrohub.network.models import GoverningBody, Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user
from metrohub.network.tests.test_query_counts import (
    add_office,
    add_offices,
    add_organisations,
    assert_constant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    organisation = OrganisationFactory(name="Dakar Scale", slug="dakar-scale", country="SN")
    MembershipFactory(organisation=organisation, joined_year=2010)
    return organisation


@pytest.fixture
def body(db):
    return GoverningBody.objects.create(
        slug="board", name="Board of Directors", kind=GoverningBody.Kind.BOARD
    )


@pytest.fixture
def staff_client(client):
    client.force_login(make_user("membership"))
    return client


# Measured on SQLite and PostgreSQL (in brackets), plus a margin of 2.

PUBLIC_PROFILE_BUDGET = 4  # (2) anonymous: the organisation, its offices with their bodies
MAP_PAGE_BUDGET = 3  # (1) the members without coordinates, in one query
PUBLIC_CSV_BUDGET = 3  # (1) one query streams every member
FIGURES_BUDGET = 10  # (8) the declared figures and a count per metric, whatever the number of members


def test_a_public_member_profile_costs_the_same_queries_with_more_offices(client, member, body):
    add_office(member, body=body)
    page = assert_constant(
        client, "/members/dakar-scale/", grow=lambda: add_offices(member, 12), budget=PUBLIC_PROFILE_BUDGET
    )
    assert "Dakar Scale" in page


def test_the_member_map_page_costs_the_same_queries(client):
    add_organisations(5)

    def grow():
        for organisation in add_organisations(30, start=5):
            Organisation.objects.filter(pk=organisation.pk).update(latitude=None, longitude=None)

    page = assert_constant(client, "/members/map/", grow=grow, budget=MAP_PAGE_BUDGET)
    assert "Scale City 033" in page


def test_the_public_members_csv_costs_the_same_queries(client):
    add_organisations(5)
    content = assert_constant(
        client, "/members.csv", grow=lambda: add_organisations(30, start=5), budget=PUBLIC_CSV_BUDGET
    )
    assert "Scale City 033" in content


def test_the_figures_page_costs_the_same_queries_for_5_or_60_organisations(staff_client):
    for key, value in [("network.members.total", 164), ("network.members.new", 4)]:
        DeclaredFigure.objects.create(
            key=key,
            period=2024,
            value=value,
            unit="organisations",
            label=key,
            document="Report",
            section="Annexes",
        )
    add_organisations(5)
    assert_constant(
        staff_client, "/registry/figures/", grow=lambda: add_organisations(55, start=5), budget=FIGURES_BUDGET
    )
