"""Programme pages for the secretariat: Labs, cohorts, sessions, attendance, participants,
course editions and the survey's questions."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.form_pages import attempt, form_page
from metrohub.core.lists import Column, Listing
from metrohub.programs import services
from metrohub.programs.forms import (
    AttendanceForm,
    CohortForm,
    CourseEditionForm,
    LabForm,
    ParticipantFilter,
    ParticipantForm,
    QuestionForm,
    SessionForm,
)
from metrohub.programs.models import Course, Lab, Session, Survey
from metrohub.programs.permissions import manage_rule, participants_rule
from metrohub.programs.selectors import (
    participant_list,
)


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


def _add_to_lab(form_class, add, *, title, success, cancel_url=None):
    """The form page that adds something to a Lab (the URL's `lab_pk`) through the service `add`;
    cancelling (and, after a success, going on) leads to `cancel_url(lab)`, else the Lab's page."""

    @permission(manage_rule)
    def view(request, lab_pk: int):
        lab = get_object_or_404(Lab, pk=lab_pk)
        return _form_page(
            request,
            form_class,
            lab=lab,
            title=title,
            save=lambda data: add(actor=request.user, lab=lab, **data),
            success=success,
            cancel_url=cancel_url(lab) if cancel_url else reverse("programs:lab_detail", args=[lab.pk]),
        )

    return view


cohort_add = _add_to_lab(
    CohortForm,
    services.cohort_add,
    title=_l("Add a city to the cohort"),
    success=_l("The city was added to the cohort."),
)
session_add = _add_to_lab(
    SessionForm, services.session_add, title=_l("Add a session"), success=_l("The session was added.")
)
participant_add = _add_to_lab(
    ParticipantForm,
    services.participant_add,
    title=_l("Add a participant"),
    success=_l("The participant was added."),
    cancel_url=lambda lab: f"{reverse('programs:participant_list')}?lab={lab.pk}",
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


PARTICIPANT_CELLS = "programs/participant_list.html"


PARTICIPANTS = Listing(
    name="lab-participants",
    queryset=lambda request: participant_list(),
    filterset=ParticipantFilter,
    default_sort="name",
    export_url="programs:participant_export",
    columns=[
        Column("name", _l("Name"), value="display_name", sort="name", cell=f"{PARTICIPANT_CELLS}#name"),
        Column("lab", _l("Lab"), value="lab.title", sort="lab__title", cell=f"{PARTICIPANT_CELLS}#lab"),
        Column("year", _l("Year"), value="lab.year", on_page=False),
        Column("organisation", _l("Organisation"), value="organisation.name", sort="organisation__name"),
        Column("role", _l("Role"), value="get_role_display"),
        Column(
            "gender",
            _l("Gender"),
            value="get_gender_display",
            sort="gender",
            cell=f"{PARTICIPANT_CELLS}#gender",
        ),
        Column("gender_description", _l("Self-description"), on_page=False),
        Column("sessions_attended", _l("Sessions attended"), numeric=True),
        Column(
            "synthetic", _l("Synthetic"), value=lambda p: _("synthetic") if p.synthetic else "", on_page=False
        ),
    ],
)


participant_list_view, participant_export = PARTICIPANTS.views(
    permission(participants_rule), "programs/participant_list.html"
)
