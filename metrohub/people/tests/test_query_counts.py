"""The staff list and its export cost a fixed number of SQL queries, however many staff they show."""

import pytest

from metrohub.core.models import DeclaredFigure
from metrohub.core.testing import assert_queries_constant as assert_constant
from metrohub.people.tests.factories import LevelFactory, StaffMemberFactory

# Queries per request, measured on SQLite, plus a margin of 2. A page for the secretariat starts
# with 4: session, user, the user's groups, their second factor.
STAFF_LIST_BUDGET = 9  # (7) the levels for the filter, count, page rows
CSV_EXPORT_BUDGET = 9  # (7) the levels for the filter, one query streams every row
LEVELS_BUDGET = 7  # (5) the levels with their headcount in one query
HEADCOUNT_BUDGET = 12  # (10) the year, the headcount in one query, declared figures, a count per metric

pytestmark = pytest.mark.django_db


def add_staff(count: int, *, start: int = 0) -> None:
    levels = [LevelFactory() for _ in range(3)]
    for n in range(start, start + count):
        StaffMemberFactory(
            name=f"Scale Staff {n:03d}",
            level=levels[n % 3],
            gender=["woman", "man", ""][n % 3],
            work_arrangement=["remote", "hybrid_60_40", ""][n % 3],
            outside_headquarters=[True, None][n % 2],
        )


def test_staff_list_costs_the_same_queries_for_5_or_60_staff(hr_client):
    add_staff(5)
    page = assert_constant(
        hr_client, "/people/", grow=lambda: add_staff(55, start=5), budget=STAFF_LIST_BUDGET
    )
    assert "60 staff members" in page
    assert page.count("Scale Staff ") == 25


def test_staff_list_filtered_and_sorted_costs_the_same_queries(hr_client):
    add_staff(5)
    assert_constant(
        hr_client,
        "/people/?sort=-level&location=outside&page=2",
        grow=lambda: add_staff(95, start=5),
        budget=STAFF_LIST_BUDGET,
    )


def test_csv_export_streams_every_row_in_the_same_queries(hr_client):
    add_staff(5)
    content = assert_constant(
        hr_client, "/people/staff.csv", grow=lambda: add_staff(55, start=5), budget=CSV_EXPORT_BUDGET
    )
    assert len(content.splitlines()) == 1 + 60


def test_levels_page_costs_the_same_queries(hr_client):
    add_staff(5)
    assert_constant(hr_client, "/people/levels/", grow=lambda: add_staff(30, start=5), budget=LEVELS_BUDGET)


def test_headcount_page_costs_the_same_queries(hr_client):
    for key, value in [("people.staff.total", 23), ("people.staff.men", 7), ("people.staff.women", 16)]:
        DeclaredFigure.objects.create(
            key=key, period=2024, value=value, unit="people", label=key, document="Report", section="Gender"
        )
    add_staff(5)
    assert_constant(
        hr_client, "/people/headcount/", grow=lambda: add_staff(30, start=5), budget=HEADCOUNT_BUDGET
    )


STAFF_DETAIL_BUDGET = 8  # (6) the staff member and level, their history with its authors in one query


def test_a_staff_members_page_costs_the_same_queries_with_a_longer_history(hr_client, hr_staff):
    from metrohub.people import services

    member = StaffMemberFactory(name="Scale Staff Detail", level=LevelFactory())

    def edit(count: int, *, start: int) -> None:
        for n in range(start, start + count):
            services.staff_update(actor=hr_staff, staff=member, position=f"Officer {n}")

    edit(1, start=0)
    page = assert_constant(
        hr_client,
        f"/people/staff/{member.pk}/",
        grow=lambda: edit(15, start=1),
        budget=STAFF_DETAIL_BUDGET,
    )
    assert "Officer 15" in page
