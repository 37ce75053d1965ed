"""Every write to partnership projects. Pages, the dataset loader and the demo come through here."""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.permissions import ensure_allowed
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
from metrohub.projects.permissions import can_manage_projects

PROJECT_FIELDS = {
    "acronym",
    "name",
    "summary",
    "city",
    "status",
    "started_in",
    "action_lines",
    "action_line",
    "thematic_priority",
    "source",
    "synthetic",
}


@transaction.atomic
def project_create(*, actor, acronym: str, name: str, **fields) -> Project:
    ensure_allowed(actor, can_manage_projects)
    unknown = set(fields) - PROJECT_FIELDS
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    slug = slugify(acronym)
    if not slug or Project.objects.filter(slug=slug).exists():
        raise DomainError(_("There is already a project “%(acronym)s”.") % {"acronym": acronym})
    return save_as(Project(slug=slug, acronym=acronym.strip(), name=name.strip(), **fields), actor)


@transaction.atomic
def project_update(*, actor, project: Project, **changes) -> Project:
    ensure_allowed(actor, can_manage_projects)
    project = Project.objects.select_for_update().get(pk=project.pk)
    for field, value in changes.items():
        if field not in PROJECT_FIELDS:
            raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": field})
        setattr(project, field, value)
    return save_as(project, actor)


@transaction.atomic
def pillar_add(*, actor, project: Project, title: str, source: str = "") -> Pillar:
    ensure_allowed(actor, can_manage_projects)
    return save_as(Pillar(project=project, title=title, source=source), actor)


@transaction.atomic
def partner_add(*, actor, project: Project, name: str, role: str, organisation=None, source: str = ""):
    ensure_allowed(actor, can_manage_projects)
    if project.partners.filter(name=name, role=role).exists():
        raise DomainError(_("%(name)s already has this role in the project.") % {"name": name})
    return save_as(
        ProjectPartner(project=project, name=name, role=role, organisation=organisation, source=source), actor
    )


@transaction.atomic
def place_add(*, actor, project: Project, name: str, city=None, source: str = "") -> Place:
    ensure_allowed(actor, can_manage_projects)
    return save_as(Place(project=project, name=name, city=city, source=source), actor)


@transaction.atomic
def milestone_add(
    *, actor, project: Project, title: str, year: int, status: str = "planned", **fields
) -> Milestone:
    ensure_allowed(actor, can_manage_projects)
    if not title.strip():
        raise DomainError(_("A milestone needs a title."))
    return save_as(Milestone(project=project, title=title.strip(), year=year, status=status, **fields), actor)


@transaction.atomic
def milestone_done(*, actor, milestone: Milestone, date=None) -> Milestone:
    ensure_allowed(actor, can_manage_projects)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.status == Milestone.Status.DONE:
        raise DomainError(_("This milestone is already done."))
    milestone.status = Milestone.Status.DONE
    if date is not None:
        milestone.date = date
        milestone.year = date.year
    return save_as(milestone, actor)


@transaction.atomic
def figure_record(*, actor, project: Project, label: str, unit: str, period: int, **fields) -> OutcomeFigure:
    ensure_allowed(actor, can_manage_projects)
    return save_as(OutcomeFigure(project=project, label=label, unit=unit, period=period, **fields), actor)


@transaction.atomic
def board_create(*, actor, project: Project, name: str, description: str = "", source: str = "") -> Board:
    ensure_allowed(actor, can_manage_projects)
    return save_as(Board(project=project, name=name, description=description, source=source), actor)


@transaction.atomic
def board_member_add(*, actor, board: Board, name: str, organisation=None, source: str = "") -> BoardMember:
    ensure_allowed(actor, can_manage_projects)
    return save_as(BoardMember(board=board, name=name, organisation=organisation, source=source), actor)


@transaction.atomic
def board_meeting_add(*, actor, board: Board, year: int, mode: str, status: str, source: str = "", date=None):
    ensure_allowed(actor, can_manage_projects)
    return save_as(
        BoardMeeting(board=board, year=year, mode=mode, status=status, source=source, date=date), actor
    )


@transaction.atomic
def project_delete(*, actor, project: Project) -> None:
    """Delete a project with its pillars, partners, places and milestones; a project with outcome
    figures, boards or communications is kept (close it instead)."""
    ensure_allowed(actor, can_manage_projects)
    delete_as(project, actor, parts=(Pillar, ProjectPartner, Place, Milestone))
