from django.db.models import Count, Q, QuerySet

from metrohub.projects.models import Project


def project_directory() -> QuerySet[Project]:
    """Projects with their partners and milestones counted, as the list shows them."""
    return Project.objects.select_related("city").annotate(
        partners_count=Count("partners", distinct=True),
        milestones_done=Count("milestones", filter=Q(milestones__status="done"), distinct=True),
        milestones_planned=Count("milestones", filter=Q(milestones__status="planned"), distinct=True),
    )


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


def projects_started_by(year: int) -> QuerySet[Project]:
    """Projects started in `year` or before; a start not on record counts as before the records."""
    return Project.objects.filter(Q(started_in__isnull=True) | Q(started_in__lte=year))
