"""The labs' pages cost a fixed number of SQL queries, however many labs, cities, sessions and
participants they show: each test counts a page's queries, adds rows, counts again. (The programs
dashboard has its own, in test_pages.py.)"""

import pytest

from metrohub.core.testing import assert_queries_constant
from metrohub.network.tests.factories import OrganisationFactory
from metrohub.programs.tests.factories import add_city, add_participant, add_session, make_lab

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
LAB_LIST_BUDGET = 13  # (11)
LAB_BUDGET = 16  # (14)
PARTICIPANTS_BUDGET = 9  # (7)
PARTICIPANTS_CSV_BUDGET = 8  # (6) one query streams every row

pytestmark = pytest.mark.django_db


def add_labs(count: int, *, start: int = 0) -> list:
    labs = []
    for n in range(start, start + count):
        lab = make_lab(f"Scale Lab {n:03d}")
        grow_lab(lab, 1)
        labs.append(lab)
    return labs


def grow_lab(lab, count: int) -> None:
    """More cities in the cohort, sessions and participants (each from a city)."""
    for n in range(count):
        city = OrganisationFactory()
        add_city(lab, city)
        add_session(lab, title=f"Session {n}")
        add_participant(lab, name=f"Participant {lab.pk}-{n}", organisation=city)


@pytest.fixture
def staff_client(client, programs_staff):
    client.force_login(programs_staff)
    return client


def test_the_lab_list_costs_the_same_queries_for_2_or_30_labs(staff_client):
    add_labs(2)
    assert_queries_constant(
        staff_client, "/programs/labs/", grow=lambda: add_labs(28, start=2), budget=LAB_LIST_BUDGET
    )


def test_a_labs_page_costs_the_same_queries_with_more_cities_sessions_and_participants(staff_client):
    [lab] = add_labs(1)
    assert_queries_constant(
        staff_client, f"/programs/labs/{lab.pk}/", grow=lambda: grow_lab(lab, 12), budget=LAB_BUDGET
    )


@pytest.mark.parametrize(
    ("url", "budget"),
    [
        ("/programs/participants/", PARTICIPANTS_BUDGET),
        ("/programs/participants.csv", PARTICIPANTS_CSV_BUDGET),
    ],
)
def test_the_participants_list_and_export_cost_the_same_queries(staff_client, url, budget):
    add_labs(2)
    assert_queries_constant(staff_client, url, grow=lambda: add_labs(15, start=2), budget=budget)
