"""Project pages for the secretariat: editing a project and its milestones."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metrohub.core.access import permission
from metrohub.core.form_pages import action, form_page
from metrohub.projects import services
from metrohub.projects.forms import MilestoneForm, ProjectForm
from metrohub.projects.models import Milestone, Project
from metrohub.projects.permissions import projects_manage_rule


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
