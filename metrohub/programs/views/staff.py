"""The programs team's pages: cohort, sessions, participants, attendance and survey questions,
and the participant list with its CSV/XLSX exports (personal data: programs and admin only)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.exports import table_response
from metrohub.core.form_pages import attempt, form_page
from metrohub.programs import services
from metrohub.programs.forms import (
    AttendanceForm,
    CohortForm,
    CourseEditionForm,
    LabForm,
    ParticipantFilterForm,
    ParticipantForm,
    QuestionForm,
    SessionForm,
)
from metrohub.programs.models import Course, Lab, Session, Survey
from metrohub.programs.permissions import manage_rule, participants_rule
from metrohub.programs.selectors import participant_list
from metrohub.programs.views.common import paginate


def _form_page(
    request, form_class, *, lab: Lab | None, title: str, save, success: str, cancel_url: str, **kwargs
):
    """The programs team's form page: on success go to what `save` returns (a URL) or back to
    `cancel_url`."""
    return form_page(
        request,
        form_class,
        save=save,
        template="programs/form.html",
        context={"lab": lab, "title": title, "cancel_url": cancel_url},
        success_url=lambda next_url: next_url if isinstance(next_url, str) else cancel_url,
        success_message=success,
        form_kwargs=kwargs,
    )


@permission(manage_rule)
def lab_add(request):
    def save(data):
        lab = services.lab_create(actor=request.user, **data)
        return reverse("programs:lab_detail", args=[lab.pk])

    return _form_page(
        request,
        LabForm,
        lab=None,
        title=_("Add a lab"),
        save=save,
        success=_("The lab was added."),
        cancel_url=reverse("programs:lab_list"),
    )


@permission(manage_rule)
def edition_add(request, course_pk: int):
    course = get_object_or_404(Course, pk=course_pk)
    return _form_page(
        request,
        CourseEditionForm,
        lab=None,
        title=_("Add an edition of %(course)s") % {"course": course.title},
        save=lambda data: services.course_edition_add(actor=request.user, course=course, **data),
        success=_("The edition was added."),
        cancel_url=reverse("programs:course_detail", args=[course.pk]),
    )


@permission(manage_rule)
def cohort_add(request, lab_pk: int):
    lab = get_object_or_404(Lab, pk=lab_pk)
    return _form_page(
        request,
        CohortForm,
        lab=lab,
        title=_("Add a city to the cohort"),
        save=lambda data: services.cohort_add(actor=request.user, lab=lab, **data),
        success=_("The city was added to the cohort."),
        cancel_url=reverse("programs:lab_detail", args=[lab.pk]),
    )


@permission(manage_rule)
def session_add(request, lab_pk: int):
    lab = get_object_or_404(Lab, pk=lab_pk)
    return _form_page(
        request,
        SessionForm,
        lab=lab,
        title=_("Add a session"),
        save=lambda data: services.session_add(actor=request.user, lab=lab, **data),
        success=_("The session was added."),
        cancel_url=reverse("programs:lab_detail", args=[lab.pk]),
    )


@permission(manage_rule)
def participant_add(request, lab_pk: int):
    lab = get_object_or_404(Lab, pk=lab_pk)
    return _form_page(
        request,
        ParticipantForm,
        lab=lab,
        title=_("Add a participant"),
        save=lambda data: services.participant_add(actor=request.user, lab=lab, **data),
        success=_("The participant was added."),
        cancel_url=f"{reverse('programs:participant_list')}?lab={lab.pk}",
    )


@permission(manage_rule)
def attendance_edit(request, session_pk: int):
    session = get_object_or_404(Session.objects.select_related("lab"), pk=session_pk)
    lab = session.lab

    def save(data):
        added, removed = services.attendance_set(
            actor=request.user, session=session, participants=data["participants"]
        )
        messages.info(
            request, _("%(added)s added, %(removed)s removed.") % {"added": added, "removed": removed}
        )

    return _form_page(
        request,
        AttendanceForm,
        session=session,
        lab=lab,
        title=_("Attendance: %(session)s") % {"session": session},
        save=save,
        success=_("The attendance was saved."),
        cancel_url=reverse("programs:lab_detail", args=[lab.pk]),
    )


@permission(manage_rule)
def survey_edit(request, lab_pk: int):
    """Create the lab's survey (with the default questions), then add questions to it."""
    lab = get_object_or_404(Lab, pk=lab_pk)
    survey = Survey.objects.filter(lab=lab).prefetch_related("questions").first()
    if survey is None:
        if request.method == "POST":
            created = attempt(
                request,
                lambda: services.survey_create(actor=request.user, lab=lab),
                success_message=_("The survey was created with its default questions."),
            )
            if created.done:
                return redirect("programs:survey_edit", lab_pk=lab.pk)
        return render(request, "programs/survey_edit.html", {"lab": lab, "survey": None, "form": None})
    return form_page(
        request,
        QuestionForm,
        save=lambda data: services.question_add(actor=request.user, survey=survey, **data),
        template="programs/survey_edit.html",
        context={"lab": lab, "survey": survey},
        success_url=reverse("programs:survey_edit", args=[lab.pk]),
        success_message=_("The question was added."),
    )


def _participants_for(request):
    form = ParticipantFilterForm(request.GET or None)
    return form, participant_list(**(form.filters() if request.GET else {}))


@permission(participants_rule)
def participant_list_view(request):
    form, participants = _participants_for(request)
    return render(
        request,
        "programs/participant_list.html",
        {"form": form, "page": paginate(request, participants)},
    )


def _columns() -> list[str]:
    return [
        _("Name"),
        _("Lab"),
        _("Year"),
        _("Organisation"),
        _("Role"),
        _("Gender"),
        _("Self-description"),
        _("Sessions attended"),
        _("Synthetic"),
    ]


def _rows(participants):
    for p in participants.iterator(chunk_size=2000):
        yield [
            p.display_name,
            p.lab.title,
            p.lab.year,
            p.organisation.name if p.organisation else "",
            p.get_role_display(),
            p.get_gender_display(),
            p.gender_description,
            p.sessions_attended,
            _("synthetic") if p.synthetic else "",
        ]


@permission(participants_rule)
def participant_export(request, fmt: str):
    _form, participants = _participants_for(request)
    return table_response(
        fmt, filename="metrohub-lab-participants", header=_columns(), rows=_rows(participants)
    )
