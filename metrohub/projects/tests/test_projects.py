"""Partnership projects: the 2024 projects from the report, their figures beside what the report
declares, milestones, and who may change them."""

import pytest
from django.urls import reverse

from metrohub.core.metrics import REGISTRY
from metrohub.core.testing import load_dataset_2024
from metrohub.network.tests.factories import make_user
from metrohub.projects.models import BoardMeeting, Milestone, Project

pytestmark = pytest.mark.django_db


def test_the_2024_projects_are_on_record(data_2024, client):
    avantia, mget, comanage = (Project.objects.get(slug=s) for s in ("avantia", "mget", "comanage"))
    assert avantia.pillars.count() == 3
    assert avantia.figures.get(period=2025).target == 100
    assert mget.partners.filter(role="co_funder", name="European Union").exists()
    assert mget.milestones.filter(status="planned", title__contains="Ouakam").exists()
    assert comanage.boards.get().members.count() == 8
    meetings = BoardMeeting.objects.filter(board__project=comanage)
    assert meetings.filter(year=2024, mode="online", status="held").count() == 3
    assert meetings.filter(year=2025, status="planned").count() == 2
    page = client.get(reverse("projects:project_detail", args=[mget.pk])).content.decode()
    assert "Dakar City Hall" in page and "Source:" in page


def test_declared_figures_sit_beside_the_computed_ones(data_2024, client):
    comanage = Project.objects.get(slug="comanage")
    page = client.get(reverse("projects:project_detail", args=[comanage.pk])).content.decode()
    assert 'data-figure="projects.comanage.consortium_members-declared"' in page
    # the report names only Metropolis among the seven consortium members: the difference shows
    assert REGISTRY["projects.comanage.consortium_members"].compute(2024).value == 1
    assert REGISTRY["projects.comanage.replicators"].compute(2024).value == 8
    assert REGISTRY["projects.comanage.board_meetings"].compute(2024).value == 3


def test_a_milestone_marked_done_changes_the_page(data_2024, client):
    client.force_login(make_user("programs"))
    milestone = Milestone.objects.get(title__contains="Ouakam")
    client.post(reverse("projects:milestone_done", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.status == "done"


@pytest.mark.parametrize("role", ["communications", "membership", "finance", "hr", "reviewer"])
def test_other_roles_cannot_change_projects(client, role):
    project = Project.objects.create(slug="p", acronym="P", name="P")
    milestone = Milestone.objects.create(project=project, title="M", year=2025)
    client.force_login(make_user(role))
    assert client.post(reverse("projects:milestone_done", args=[milestone.pk])).status_code == 403
    assert client.get(reverse("projects:project_edit", args=[project.pk])).status_code == 403
    milestone.refresh_from_db()
    assert milestone.status == "planned"


def test_the_list_exports_and_the_api_answers(data_2024, client):
    csv = b"".join(client.get(reverse("projects:project_export", args=["csv"])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "COMANAGE" in csv and "MGET" in csv
    items = client.get("/api/v1/projects/").json()["items"]
    assert {item["acronym"] for item in items} == {"AVANTIA", "MGET", "COMANAGE"}


def test_loading_2024_twice_adds_nothing(data_2024):
    # given the 2024 data: projects, their milestones and board meetings
    counts = Project.objects.count(), Milestone.objects.count(), BoardMeeting.objects.count()
    assert all(counts), counts
    # when loaded again, then nothing is added
    assert "nothing added" in load_dataset_2024()
    assert (Project.objects.count(), Milestone.objects.count(), BoardMeeting.objects.count()) == counts
