"""URL samples for the permission matrix (`metrohub/core/tests/test_permission_matrix.py`)."""

from metrohub.projects.models import Milestone, Project


def samples() -> dict:
    project = Project.objects.create(slug="matrix", acronym="MATRIX", name="Matrix project")
    milestone = Milestone.objects.create(project=project, title="Matrix milestone", year=2030)
    return {"project_pk": project.pk, "milestone_pk": milestone.pk}
