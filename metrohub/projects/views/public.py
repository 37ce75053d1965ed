"""Public project pages: the list, its export and a project."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import public
from metrohub.core.form_pages import kept
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.projects.forms import MilestoneForm, ProjectFilter
from metrohub.projects.models import Project
from metrohub.projects.permissions import can_manage_projects
from metrohub.projects.selectors import project_directory, project_page

PROJECTS = Listing(
    name="projects",
    queryset=lambda request: project_directory(),
    filterset=ProjectFilter,
    default_sort="acronym",
    export_url="projects:project_export",
    columns=[
        Column(
            "acronym",
            _l("Acronym"),
            heading=_l("Project"),
            sort="acronym",
            cell="projects/project_list.html#project",
        ),
        Column("name", _l("Name"), sort="name", on_page=False),
        Column("city", _l("City"), value="city.name", sort="city__name"),
        Column("status", _l("Status"), value="get_status_display", sort="status"),
        Column("started", _l("Started in"), value="started_in", sort="started_in", on_page=False),
        Column("partners", _l("Partners"), value="partners_count", sort="partners_count", numeric=True),
        Column(
            "milestones",
            _l("Milestones done / planned"),
            value=lambda p: f"{p.milestones_done} / {p.milestones_planned}",
            numeric=True,
            in_export=False,
        ),
        Column("source", _l("Source"), on_page=False),
    ],
)


def _list_context(request) -> dict:
    figures = [row for period in (2024, 2025) for row in reconcile(period=period, prefix="projects.")]
    return {"can_manage": can_manage_projects(request.user), "figures": figures}


project_list, project_export = PROJECTS.views(public, "projects/project_list.html", _list_context)


@public
def project_detail(request, project_pk: int):
    try:
        project = project_page(project_pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "can_manage": can_manage_projects(request.user),
            "milestone_form": kept(request, MilestoneForm, initial={"year": timezone.now().year}),
            "figures": [
                row
                for period in (2024, 2025)
                for row in reconcile(period=period, prefix=f"projects.{project.slug}.")
            ],
        },
    )
