"""Project pages: the public list (with CSV and XLSX twins) and project page; staff forms."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from metrohub.core.access import permission, public
from metrohub.core.form_pages import action, form_page
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.projects import services
from metrohub.projects.forms import MilestoneForm, ProjectFilter, ProjectForm
from metrohub.projects.models import Milestone, Project
from metrohub.projects.permissions import can_manage_projects, projects_manage_rule
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


@public
def project_list(request):
    figures = [row for period in (2024, 2025) for row in reconcile(period=period, prefix="projects.")]
    context = {"can_manage": can_manage_projects(request.user), "figures": figures}
    return PROJECTS.render(request, "projects/project_list.html", context)


@public
def project_export(request, fmt: str):
    return PROJECTS.export(request, fmt)


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
            "milestone_form": MilestoneForm(initial={"year": timezone.now().year}),
            "figures": [
                row
                for period in (2024, 2025)
                for row in reconcile(period=period, prefix=f"projects.{project.slug}.")
            ],
        },
    )


@permission(projects_manage_rule)
def project_edit(request, project_pk: int | None = None):
    project = get_object_or_404(Project, pk=project_pk) if project_pk is not None else None

    def save(data):
        if project is None:
            return services.project_create(actor=request.user, **data)
        data.pop("acronym")  # the acronym names the project's address: it is kept
        return services.project_update(actor=request.user, project=project, **data)

    return form_page(
        request,
        ProjectForm,
        instance=project,
        save=save,
        template="projects/project_form.html",
        context={"project": project},
        success_url=lambda saved: reverse("projects:project_detail", args=[saved.pk]),
        success_message=_("The project was saved."),
    )


@permission(projects_manage_rule)
@require_POST
def milestone_add(request, project_pk: int):
    project = get_object_or_404(Project, pk=project_pk)
    return action(
        request,
        lambda data: services.milestone_add(actor=request.user, project=project, **data),
        form=MilestoneForm,
        invalid_message=_("A milestone needs a title and a year."),
        success_message=_("The milestone was added."),
        back=reverse("projects:project_detail", args=[project.pk]),
    )


@permission(projects_manage_rule)
@require_POST
def milestone_done(request, milestone_pk: int):
    milestone = get_object_or_404(Milestone, pk=milestone_pk)
    return action(
        request,
        lambda: services.milestone_done(actor=request.user, milestone=milestone, date=timezone.localdate()),
        success_message=_("The milestone is marked done."),
        back=reverse("projects:project_detail", args=[milestone.project_id]),
    )
