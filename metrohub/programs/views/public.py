"""Public programme pages: the Labs and their dashboard, the institutes and courses."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import public
from metrohub.core.action_lines import YearAndActionLine, by_action_line
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.models import DeclaredFigure
from metrohub.programs import charts
from metrohub.programs.forms import (
    LabFilter,
)
from metrohub.programs.models import Course, CourseEdition, Lab, TrainingInstitute
from metrohub.programs.permissions import (
    can_answer_survey,
    can_manage_programs,
    can_view_participants,
)
from metrohub.programs.selectors import (
    dashboard,
    gender_counts,
    lab_list,
    lab_profile,
    lab_satisfaction,
    lab_years,
    participants_of,
    synthetic_present,
)


def include_synthetic(request) -> bool:
    """Demo records show only when asked for (`?synthetic=1`); the page then badges them."""
    return request.GET.get("synthetic") == "1"


def year_param(request, default: int) -> int:
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 1900 <= year <= 2100 else default


@public
def institute_list(request):
    institutes = TrainingInstitute.objects.select_related("host").annotate(course_count=Count("courses"))
    return render(request, "programs/institute_list.html", {"institutes": institutes})


@public
def institute_detail(request, institute_pk: int):
    institute = get_object_or_404(
        TrainingInstitute.objects.select_related("host").prefetch_related("courses"), pk=institute_pk
    )
    return render(request, "programs/institute_detail.html", {"institute": institute})


@public
def course_list(request):
    shown = YearAndActionLine.from_request(request)
    courses = by_action_line(
        Course.objects.select_related("institute").prefetch_related(
            Prefetch("editions", CourseEdition.objects.order_by("-number"))
        ),
        shown.action_line,
    )
    if shown.year:
        courses = courses.filter(pk__in=CourseEdition.objects.filter(year=shown.year).values("course_id"))
    return render(request, "programs/course_list.html", {"courses": courses, "shown": shown})


@public
def course_detail(request, course_pk: int):
    course = get_object_or_404(
        Course.objects.select_related("institute").prefetch_related(
            Prefetch("editions", CourseEdition.objects.order_by("number"))
        ),
        pk=course_pk,
    )
    return render(
        request,
        "programs/course_detail.html",
        {"course": course, "can_manage": can_manage_programs(request.user)},
    )


LAB_CELLS = "programs/lab_list.html"


LABS = Listing(
    name="labs",
    queryset=lambda request: lab_list(),
    filterset=LabFilter,
    default_sort="-year",
    tiebreak=("title", "pk"),
    columns=[
        Column("title", _l("Lab"), sort="title", cell=f"{LAB_CELLS}#title"),
        Column("year", _l("Year"), sort="year"),
        Column(
            "priorities",
            _l("Thematic priorities"),
            value=lambda lab: [p.label for p in lab.priorities.all()],
            cell=f"{LAB_CELLS}#priorities",
        ),
        Column(
            "action_lines",
            _l("Action lines"),
            value=lambda lab: [a.code for a in lab.action_lines.all()],
            cell=f"{LAB_CELLS}#action_lines",
        ),
        Column("cities", _l("Cities"), sort="cities", numeric=True),
        Column(
            "participants",
            _l("Participants"),
            value="participants_count",
            sort="participants_count",
            numeric=True,
        ),
        Column("source", _l("Source"), on_page=False),
    ],
)


@public
def lab_list_view(request):
    return LABS.render(request, "programs/lab_list.html", {"can_manage": can_manage_programs(request.user)})


@public
def lab_detail(request, lab_pk: int):
    get_object_or_404(Lab, pk=lab_pk)
    lab = lab_profile(lab_pk)
    with_synthetic = include_synthetic(request)
    counts = gender_counts(participants_of(Lab.objects.filter(pk=lab.pk), include_synthetic=with_synthetic))
    satisfaction = lab_satisfaction(lab, include_synthetic=with_synthetic)
    cohort = [m for m in lab.cohort.all() if with_synthetic or not m.synthetic]
    sessions = [s for s in lab.sessions.all() if with_synthetic or not s.synthetic]
    return render(
        request,
        "programs/lab_detail.html",
        {
            "lab": lab,
            "cohort": cohort,
            "sessions": sessions,
            "counts": counts,
            "gender_spec": charts.participants_by_gender(counts.rows()) if counts.total else None,
            "satisfaction": satisfaction,
            "score_specs": [
                (summary, charts.score_distribution(summary), f"scores-spec-{summary.question.pk}")
                for summary in satisfaction.questions
                if summary.distribution and any(summary.distribution.values())
            ],
            "with_synthetic": with_synthetic,
            "synthetic_present": synthetic_present(),
            "can_manage": can_manage_programs(request.user),
            "can_view_participants": can_view_participants(request.user),
            "can_answer": can_answer_survey(request.user, lab.pk) and hasattr(lab, "survey"),
        },
    )


@public
def dashboard_view(request):
    latest = (
        DeclaredFigure.objects.filter(key__startswith="programs.")
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    year = year_param(request, latest or (lab_years() or [2024])[0])
    with_synthetic = include_synthetic(request)
    figures = dashboard(year, include_synthetic=with_synthetic)
    return render(
        request,
        "programs/dashboard.html",
        {
            "year": year,
            "years": sorted({*lab_years(), year}, reverse=True),
            "figures": reconcile(period=year, prefix="programs."),
            "dashboard": figures,
            "gender_spec": charts.participants_by_gender(figures.participants.rows())
            if figures.participants.total
            else None,
            "satisfaction_spec": charts.satisfaction_by_lab(figures.rows)
            if figures.satisfaction is not None
            else None,
            "with_synthetic": with_synthetic,
            "synthetic_present": synthetic_present(),
        },
    )
