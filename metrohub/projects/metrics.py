"""Project metrics, each matched by key to a figure the 2024 report declares."""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse

from metrohub.core.metrics import metric
from metrohub.projects.models import BoardMeeting, BoardMember, OutcomeFigure, ProjectPartner
from metrohub.projects.selectors import projects_started_by


def _project_url(slug: str):
    def url(period: int) -> str:
        from metrohub.projects.models import Project

        project = Project.objects.filter(slug=slug).first()
        return (
            reverse("projects:project_detail", args=[project.pk])
            if project
            else reverse("projects:project_list")
        )

    return url


@metric(
    key="projects.comanage.consortium_members",
    title="COMANAGE consortium members",
    unit="organisations",
    records_url=_project_url("comanage"),
    undated="A project partner carries no date of joining: the consortium is listed as it stands.",
)
def comanage_consortium(period: int):
    """Consortium members of COMANAGE on record."""
    return ProjectPartner.objects.filter(project__slug="comanage", role=ProjectPartner.Role.CONSORTIUM)


@metric(
    key="projects.comanage.replicators",
    title="Members of the COMANAGE Board of Replicators",
    unit="organisations",
    records_url=_project_url("comanage"),
    undated="A board member carries no date of joining: the board is listed as it stands.",
)
def comanage_replicators(period: int):
    """Members of the COMANAGE Board of Replicators on record."""
    return BoardMember.objects.filter(board__project__slug="comanage")


@metric(
    key="projects.comanage.board_meetings",
    title="Meetings of the COMANAGE Board of Replicators held",
    unit="meetings",
    records_url=_project_url("comanage"),
)
def comanage_meetings(period: int):
    """Meetings of the Board of Replicators held in the year."""
    return BoardMeeting.objects.filter(
        board__project__slug="comanage", year=period, status=BoardMeeting.Status.HELD
    )


@metric(
    key="projects.avantia.women_trained_target",
    title="AVANTIA: target of women trained",
    unit="women",
    records_url=_project_url("avantia"),
    value=lambda records: records.aggregate(total=Sum("target"))["total"] or Decimal(0),
)
def avantia_training_target(period: int):
    """The target of women trained, as recorded among AVANTIA's outcome figures for the year."""
    return OutcomeFigure.objects.filter(project__slug="avantia", period=period, unit="women")


def _projects(**params) -> str:
    return f"{reverse('projects:project_list')}?{urlencode(params)}"


@metric(
    key="projects.projects",
    title="Partnership projects under way",
    unit="projects",
    records_url=lambda period: _projects(year=period),
    action_line_url=lambda period, code: _projects(year=period, action_line=code),
)
def projects_under_way(period: int):
    """Projects started by the year's end (a start not on record counts as before the records), not
    synthetic ones."""
    return projects_started_by(period).filter(synthetic=False)
