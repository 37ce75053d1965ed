"""/api/v1/projects: partnership projects with partners, milestones and outcome figures (public)."""

from ninja import Router, Schema
from ninja.pagination import paginate

from metrohub.core.api import Pagination
from metrohub.projects.models import Project

router = Router()


class PartnerOut(Schema):
    name: str
    role: str


class MilestoneOut(Schema):
    title: str
    status: str
    year: int
    when: str


class FigureOut(Schema):
    label: str
    unit: str
    period: int
    target: float | None
    achieved: float | None


class ProjectOut(Schema):
    id: int
    slug: str
    acronym: str
    name: str
    summary: str
    city: str | None
    status: str
    partners: list[PartnerOut]
    milestones: list[MilestoneOut]
    figures: list[FigureOut]
    source: str
    synthetic: bool

    @staticmethod
    def resolve_city(obj) -> str | None:
        return obj.city.name if obj.city else None

    @staticmethod
    def resolve_partners(obj):
        return list(obj.partners.all())

    @staticmethod
    def resolve_milestones(obj):
        return list(obj.milestones.all())

    @staticmethod
    def resolve_figures(obj):
        return list(obj.figures.all())


@router.get("/", response=list[ProjectOut])
@paginate(Pagination)
def list_projects(request, status: str = ""):
    projects = Project.objects.select_related("city").prefetch_related("partners", "milestones", "figures")
    return projects.filter(status=status) if status else projects
