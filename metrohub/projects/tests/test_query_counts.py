"""The projects' pages cost a fixed number of SQL queries, however many projects, partners,
milestones and board members they show: each test counts a page's queries, adds rows, counts again."""

import pytest

from metrohub.core.testing import assert_queries_constant
from metrohub.network.tests.factories import OrganisationFactory
from metrohub.projects.models import (
    Board,
    BoardMeeting,
    BoardMember,
    Milestone,
    OutcomeFigure,
    Pillar,
    Place,
    Project,
    ProjectPartner,
)

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
LIST_BUDGET = 10  # (8)
LIST_PUBLIC_BUDGET = 6  # (4) anonymous: no session, user or groups
EXPORT_BUDGET = 7  # (5) one query streams every row
DETAIL_BUDGET = 20  # (18) the project and its seven prefetches

pytestmark = pytest.mark.django_db


def add_projects(count: int, *, start: int = 0) -> list[Project]:
    projects = []
    for n in range(start, start + count):
        project = Project.objects.create(
            slug=f"scale-{n:03d}",
            acronym=f"SCALE{n:03d}",
            name=f"Scale Project {n:03d}",
            city=OrganisationFactory(),
        )
        grow_project(project, 1, start=0)
        projects.append(project)
    return projects


def grow_project(project: Project, count: int, *, start: int) -> None:
    """More pillars, partners, places, milestones, figures, board members and meetings."""
    board, _ = Board.objects.get_or_create(project=project, defaults={"name": "Steering board"})
    for n in range(start, start + count):
        Pillar.objects.create(project=project, title=f"Pillar {n}")
        ProjectPartner.objects.create(
            project=project, organisation=OrganisationFactory(), name=f"Partner {n}", role="co_funder"
        )
        Place.objects.create(project=project, name=f"Place {n}", city=OrganisationFactory())
        Milestone.objects.create(
            project=project, title=f"Milestone {n}", year=2025, status=["done", "planned"][n % 2]
        )
        OutcomeFigure.objects.create(project=project, label=f"Figure {n}", unit="people", period=2024 + n)
        BoardMember.objects.create(board=board, organisation=OrganisationFactory(), name=f"Member {n}")
        BoardMeeting.objects.create(board=board, year=2024, mode="online", status="held")


@pytest.fixture
def staff_client(client, programs_staff):
    client.force_login(programs_staff)
    return client


def test_the_list_costs_the_same_queries_for_2_or_30_projects(staff_client):
    add_projects(2)
    page = assert_queries_constant(
        staff_client, "/projects/", grow=lambda: add_projects(28, start=2), budget=LIST_BUDGET
    )
    assert "Scale Project 000" in page


def test_the_public_list_costs_the_same_queries(client):
    add_projects(2)
    assert_queries_constant(
        client, "/projects/", grow=lambda: add_projects(28, start=2), budget=LIST_PUBLIC_BUDGET
    )


@pytest.mark.parametrize("url", ["/projects/projects.csv", "/projects/projects.xlsx"])
def test_the_exports_stream_every_row_in_the_same_queries(staff_client, url):
    add_projects(2)
    assert_queries_constant(staff_client, url, grow=lambda: add_projects(12, start=2), budget=EXPORT_BUDGET)


def test_a_projects_page_costs_the_same_queries_with_more_partners_milestones_and_board(staff_client):
    [project] = add_projects(1)
    assert_queries_constant(
        staff_client,
        f"/projects/{project.pk}/",
        grow=lambda: grow_project(project, 10, start=1),
        budget=DETAIL_BUDGET,
    )
