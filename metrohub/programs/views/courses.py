"""Public pages: training institutes and courses with their editions."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from metrohub.core.access import public
from metrohub.programs.models import Course, CourseEdition, TrainingInstitute
from metrohub.programs.permissions import can_manage_programs


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
    courses = Course.objects.select_related("institute").prefetch_related(
        Prefetch("editions", CourseEdition.objects.order_by("-number"))
    )
    return render(request, "programs/course_list.html", {"courses": courses})


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
