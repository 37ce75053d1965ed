"""Project pages for the secretariat: editing a project and its milestones."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.form_pages import edit_page, record_action
from metrohub.projects import services
from metrohub.projects.forms import MilestoneForm, ProjectForm
from metrohub.projects.models import Milestone, Project
from metrohub.projects.permissions import projects_manage_rule


@permission(projects_manage_rule)
def project_edit(request, project_pk: int | None = None):
    def update(project, data):
        data.pop("acronym")  # the acronym names the project's address: it is kept
        return services.project_update(actor=request.user, project=project, **data)

    return edit_page(
        request,
        Project,
        project_pk,
        ProjectForm,
        create=lambda data: services.project_create(actor=request.user, **data),
        update=update,
        template="projects/project_form.html",
        name="project",
        success_url=lambda saved: reverse("projects:project_detail", args=[saved.pk]),
        success_message=_("The project was saved."),
    )


milestone_add = record_action(
    Project,
    permission(projects_manage_rule),
    lambda request, project, data: services.milestone_add(actor=request.user, project=project, **data),
    form=MilestoneForm,
    invalid_message=_l("A milestone needs a title and a year."),
    success_message=_l("The milestone was added."),
    back=lambda project: reverse("projects:project_detail", args=[project.pk]),
)

milestone_done = record_action(
    Milestone,
    permission(projects_manage_rule),
    lambda request, milestone: services.milestone_done(
        actor=request.user, milestone=milestone, date=timezone.localdate()
    ),
    success_message=_l("The milestone is marked done."),
    back=lambda milestone: reverse("projects:project_detail", args=[milestone.project_id]),
)
