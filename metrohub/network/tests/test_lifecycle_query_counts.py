"""The lifecycle's pages cost a fixed number of SQL queries, however many prospects or members
they show (measured on SQLite, in brackets, plus a margin of two)."""

import datetime as dt

import pytest

from metrohub.core.testing import assert_queries_constant
from metrohub.network.membership import services as lifecycle
from metrohub.network.membership.models import RenewalReminder
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user
from metrohub.network.tests.test_query_counts import add_organisations

# A page for the secretariat starts with 4: session, user, the user's groups, their second factor.
PIPELINE_BUDGET = 9  # (7) (measured) count, page rows and their regions
PIPELINE_CSV_BUDGET = 7  # (5) (measured) one query streams every row
PROSPECT_BUDGET = 8  # (6) (measured) the prospect, its steps with their actors
RENEWAL_BUDGET = 11  # (9) (measured) regions, count, page rows, the reminders, the work status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return make_user("membership")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def add_prospects(count: int, *, start: int = 0, actor=None):
    for n in range(start, start + count):
        prospect = lifecycle.prospect_express_interest(
            name=f"Prospect {n:03d}",
            kind="city",
            country="GH",
            category="full",
            contact_name="Ama",
            contact_email=f"p{n}@example.org",
        )
        if actor is not None:
            lifecycle.prospect_move(actor=actor, prospect=prospect, step="apply", note=f"letter {n}")


def test_the_pipeline_costs_the_same_queries_for_5_or_60_prospects(staff_client):
    add_prospects(5)
    page = assert_queries_constant(
        staff_client,
        "/registry/prospects/?sort=name&region=",
        grow=lambda: add_prospects(55, start=5),
        budget=PIPELINE_BUDGET,
    )
    assert "60 prospects" in page


def test_the_pipeline_export_costs_the_same_queries(staff_client):
    add_prospects(5)
    assert_queries_constant(
        staff_client,
        "/registry/prospects.csv",
        grow=lambda: add_prospects(55, start=5),
        budget=PIPELINE_CSV_BUDGET,
    )


def test_a_prospects_page_costs_the_same_queries_however_many_steps(staff_client, staff):
    add_prospects(1, actor=staff)
    from metrohub.network.membership.models import Prospect, ProspectMove

    prospect = Prospect.objects.get()

    def grow():
        for n in range(20):
            ProspectMove.objects.create(
                prospect=prospect, step="apply", to_stage="application", actor=staff, note=f"{n}"
            )

    assert_queries_constant(
        staff_client, f"/registry/prospects/{prospect.pk}/", grow=grow, budget=PROSPECT_BUDGET
    )


def test_the_renewal_list_costs_the_same_queries_for_5_or_60_members(staff_client, staff):
    year = dt.date.today().year

    def grow():
        for organisation in add_organisations(55, start=5):
            RenewalReminder.objects.create(organisation=organisation, year=year, requested_by=staff)

    add_organisations(5)
    page = assert_queries_constant(
        staff_client, f"/registry/renewal/?year={year}", grow=grow, budget=RENEWAL_BUDGET
    )
    assert "Scale City 000" in page


def test_a_members_page_with_its_changes_costs_its_budget(staff_client):
    from metrohub.network.tests.test_query_counts import ORGANISATION_PAGE_BUDGET

    city = OrganisationFactory(name="Quito Test")
    MembershipFactory(organisation=city)
    assert_queries_constant(
        staff_client,
        f"/registry/organisations/{city.pk}/",
        grow=lambda: [RenewalReminder.objects.create(organisation=city, year=y) for y in range(2000, 2030)],
        budget=ORGANISATION_PAGE_BUDGET,
    )
