"""Project pages: the public list (with CSV and XLSX twins) and project page; staff forms."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metrohub.core.access import permission, public
from metrohub.core.errors import DomainError
from metrohub.core.exports import table_response
from metrohub.core.metrics import reconcile
from metrohub.core.pagination import paginate
from metrohub.projects import services
from metrohub.projects.forms import MilestoneForm, ProjectFilterForm, ProjectForm
from metrohub.projects.models import Milestone, Project
from metrohub.projects.permissions import can_manage_projects, projects_manage_rule
from metrohub.projects.selectors import project_directory, project_page


def _projects_for(request):
    form = ProjectFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return form, project_directory(**filters)


@public
def project_list(request):
    form, queryset = _projects_for(request)
    page = paginate(request, queryset)
    return render(
        request,
        "projects/project_list.html",
        {
            "form": form,
            "page": page,
            "can_manage": can_manage_projects(request.user),
            "figures": [
                row for period in (2024, 2025) for row in reconcile(period=period, prefix="projects.")
            ],
        },
    )


@public
def project_export(request, fmt: str):
    _form, queryset = _projects_for(request)
    header = [_("Acronym"), _("Name"), _("City"), _("Status"), _("Started in"), _("Partners"), _("Source")]
    rows = (
        [
            p.acronym,
            p.name,
            p.city.name if p.city else "",
            p.get_status_display(),
            p.started_in or "",
            p.partners_count,
            p.source,
        ]
        for p in queryset
    )
    return table_response(fmt, filename="metrohub-projects", header=header, rows=rows)


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
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if project is None:
                project = services.project_create(actor=request.user, **data)
            else:
                data.pop("acronym")  # the acronym names the project's address: it is kept
                project = services.project_update(actor=request.user, project=project, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("projects:project_detail", project_pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@permission(projects_manage_rule)
@require_POST
def milestone_add(request, project_pk: int):
    project = get_object_or_404(Project, pk=project_pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_add(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("The milestone was added."))
    else:
        messages.error(request, _("A milestone needs a title and a year."))
    return redirect("projects:project_detail", project_pk=project.pk)


@permission(projects_manage_rule)
@require_POST
def milestone_done(request, milestone_pk: int):
    milestone = get_object_or_404(Milestone, pk=milestone_pk)
    try:
        services.milestone_done(actor=request.user, milestone=milestone, date=timezone.localdate())
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The milestone is marked done."))
    return redirect("projects:project_detail", project_pk=milestone.project_id)
