from django.db.models import Count, F, Q, QuerySet

from metrohub.projects.models import Project

SORTS = {"acronym": "acronym", "name": "name", "city": "city__name", "started": "started_in"}


def project_directory(*, q: str = "", status: str = "", sort: str = "acronym") -> QuerySet[Project]:
    projects = Project.objects.select_related("city").annotate(
        partners_count=Count("partners", distinct=True),
        milestones_done=Count("milestones", filter=Q(milestones__status="done"), distinct=True),
        milestones_planned=Count("milestones", filter=Q(milestones__status="planned"), distinct=True),
    )
    if q:
        projects = projects.filter(
            Q(acronym__icontains=q) | Q(name__icontains=q) | Q(city__name__icontains=q)
        )
    if status:
        projects = projects.filter(status=status)
    field = F(SORTS.get(sort.lstrip("-"), "acronym"))
    order = field.desc(nulls_last=True) if sort.startswith("-") else field.asc(nulls_last=True)
    return projects.order_by(order, "pk")


def project_page(project_pk: int) -> Project:
    return (
        Project.objects.select_related("city")
        .prefetch_related(
            "pillars",
            "partners__organisation",
            "places__city",
            "milestones",
            "figures",
            "boards__members__organisation",
            "boards__meetings",
        )
        .get(pk=project_pk)
    )
