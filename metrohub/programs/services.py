"""Every write to the programs' records. Pages, the dataset loader and the demo all come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the loader, the demo generator).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.models import ActionLine, ThematicPriority
from metrohub.core.permissions import ensure_allowed, is_system
from metrohub.programs.models import (
    Answer,
    Attendance,
    CohortMember,
    Course,
    CourseEdition,
    Lab,
    Participant,
    Question,
    Response,
    Session,
    Survey,
    SurveyBallot,
    TrainingInstitute,
)
from metrohub.programs.permissions import can_answer_survey, can_manage_programs

# The questions a new survey starts with; staff add or change them afterwards.
DEFAULT_QUESTIONS = [
    ("How satisfied are you with the lab overall?", Question.Kind.SCALE),
    ("How useful were the sessions for your city's work?", Question.Kind.SCALE),
    ("What would you change for the next lab?", Question.Kind.COMMENT),
]


@transaction.atomic
def lab_create(
    *,
    actor,
    title: str,
    year: int,
    priorities: list[ThematicPriority] = (),
    action_lines: list[ActionLine] = (),
    description: str = "",
    source: str = "",
) -> Lab:
    ensure_allowed(actor, can_manage_programs)
    title = title.strip()
    if Lab.objects.filter(title__iexact=title, year=year).exists():
        raise DomainError(
            _("There is already a lab “%(title)s” in %(year)s.") % {"title": title, "year": year}
        )
    lab = save_as(Lab(title=title, year=year, description=description, source=source), actor)
    lab.priorities.set(priorities)
    lab.action_lines.set(action_lines)
    return lab


@transaction.atomic
def cohort_add(
    *,
    actor,
    lab: Lab,
    organisation,
    role: str,
    source: str = "",
    synthetic: bool = False,
    enrolled_on: dt.date | None = None,
) -> CohortMember:
    """Enrol a city in a lab's cohort, dated today unless told (a figure for a past year then
    ignores it)."""
    ensure_allowed(actor, can_manage_programs)
    if CohortMember.objects.filter(lab=lab, organisation=organisation).exists():
        raise DomainError(_("%(city)s is already in the cohort of this lab.") % {"city": organisation.name})
    member = CohortMember(
        lab=lab,
        organisation=organisation,
        role=role,
        source=source,
        synthetic=synthetic,
        enrolled_on=enrolled_on or timezone.localdate(),
    )
    return save_as(member, actor)


@transaction.atomic
def session_add(*, actor, lab: Lab, mode: str, **fields) -> Session:
    ensure_allowed(actor, can_manage_programs)
    return save_as(Session(lab=lab, mode=mode, **fields), actor)


@transaction.atomic
def participant_add(*, actor, lab: Lab, person=None, name: str = "", **fields) -> Participant:
    ensure_allowed(actor, can_manage_programs)
    name = (name or "").strip()
    if person is not None and Participant.objects.filter(lab=lab, person=person).exists():
        raise DomainError(_("%(name)s already takes part in this lab.") % {"name": person.name})
    return save_as(Participant(lab=lab, person=person, name=name, **fields), actor)


@transaction.atomic
def attendance_set(*, actor, session: Session, participants) -> tuple[int, int]:
    """Make the session's attendance exactly `participants`; returns (added, removed)."""
    ensure_allowed(actor, can_manage_programs)
    wanted = {participant.pk: participant for participant in participants}
    strangers = [p.display_name for p in wanted.values() if p.lab_id != session.lab_id]
    if strangers:
        raise DomainError(
            _("Not participants of this lab: %(names)s.") % {"names": ", ".join(sorted(strangers))}
        )
    present = set(session.attendance.values_list("participant_id", flat=True))
    removed = session.attendance.exclude(participant_id__in=wanted)
    removed_count = removed.count()
    for attendance in removed:
        attendance._history_user = actor if actor.is_authenticated else None
        attendance.delete()
    added = 0
    for pk, participant in wanted.items():
        if pk not in present:
            save_as(Attendance(session=session, participant=participant), actor)
            added += 1
    return added, removed_count


@transaction.atomic
def survey_create(*, actor, lab: Lab, introduction: str = "", synthetic: bool = False) -> Survey:
    """A lab's survey with the default questions."""
    ensure_allowed(actor, can_manage_programs)
    if Survey.objects.filter(lab=lab).exists():
        raise DomainError(_("This lab already has a survey."))
    survey = save_as(Survey(lab=lab, introduction=introduction, synthetic=synthetic), actor)
    for order, (text, kind) in enumerate(DEFAULT_QUESTIONS, start=1):
        save_as(Question(survey=survey, text=text, kind=kind, order=order), actor)
    return survey


@transaction.atomic
def question_add(*, actor, survey: Survey, text: str, kind: str) -> Question:
    ensure_allowed(actor, can_manage_programs)
    if survey.responses.exists():
        raise DomainError(_("The survey already has answers: its questions can no longer change."))
    order = (survey.questions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return save_as(Question(survey=survey, text=text.strip(), kind=kind, order=order), actor)


class AlreadyAnswered(DomainError):
    """One answer sheet per participant and survey, named or anonymous."""


def survey_token(*, survey: Survey, actor) -> str:
    """The participant's token for this survey: HMAC-SHA256 of both under the site's secret key,
    so nobody holding only the database can tell whose ballot is whose. (A new SECRET_KEY makes new
    tokens: participants could then answer once more.)"""
    return salted_hmac(
        "metrohub.programs.survey-ballot", f"{survey.pk}:{actor.pk}", algorithm="sha256"
    ).hexdigest()


def survey_answered(*, survey: Survey, actor) -> bool:
    return (
        SurveyBallot.objects.filter(survey=survey, token=survey_token(survey=survey, actor=actor)).exists()
        # Named sheets given before ballots existed.
        or survey.responses.filter(respondent=actor).exists()
    )


def _ballot_cast(*, survey: Survey, actor) -> None:
    already = AlreadyAnswered(_("You have already answered this survey: one answer sheet per participant."))
    if survey_answered(survey=survey, actor=actor):
        raise already
    try:
        with transaction.atomic():  # a savepoint: the constraint refuses the second of two at once
            SurveyBallot.objects.create(survey=survey, token=survey_token(survey=survey, actor=actor))
    except IntegrityError as exc:
        raise already from exc


@transaction.atomic
def survey_answer(
    *,
    actor,
    survey: Survey,
    scores: dict[int, int | None],
    comments: dict[int, str],
    anonymous: bool,
    synthetic: bool = False,
) -> Response:
    """Record one answer sheet. `scores` and `comments` are keyed by question id.

    An anonymous sheet keeps neither the respondent nor their organisation. Either kind is
    accepted once per respondent (a ballot with their token, `SurveyBallot`); the system actor
    (loaders, the demo) takes no ballot."""
    ensure_allowed(actor, can_answer_survey, survey.lab_id)
    if not survey.is_open:
        raise DomainError(_("This survey is closed."))
    questions = {question.pk: question for question in survey.questions.all()}
    for question_id, score in scores.items():
        question = questions.get(question_id)
        if question is None or question.kind != Question.Kind.SCALE:
            raise DomainError(_("An answer does not belong to this survey's scale questions."))
        if score is not None and not 1 <= score <= 5:
            raise DomainError(_("“%(question)s”: choose a score from 1 to 5.") % {"question": question.text})
    if set(comments) - {pk for pk, q in questions.items() if q.kind == Question.Kind.COMMENT}:
        raise DomainError(_("A comment does not belong to this survey's comment questions."))
    if not any(score is not None for score in scores.values()) and not any(
        c.strip() for c in comments.values()
    ):
        raise DomainError(_("The answer sheet is empty: nothing was recorded."))
    named = not is_system(actor) and not anonymous
    if not is_system(actor):
        _ballot_cast(survey=survey, actor=actor)
    response = Response.objects.create(
        survey=survey,
        anonymous=not named,
        respondent=actor if named else None,
        organisation=actor.organisation if named else None,
        # An answer to a demonstration survey is part of the demonstration, whoever gives it.
        synthetic=synthetic or survey.synthetic,
    )
    for question_id, score in scores.items():
        if score is not None:
            Answer.objects.create(response=response, question=questions[question_id], score=score)
    for question_id, comment in comments.items():
        if comment.strip():
            Answer.objects.create(response=response, question=questions[question_id], comment=comment.strip())
    return response


@transaction.atomic
def institute_create(*, actor, name: str, host=None, **fields) -> TrainingInstitute:
    ensure_allowed(actor, can_manage_programs)
    return save_as(TrainingInstitute(name=name.strip(), host=host, **fields), actor)


@transaction.atomic
def course_create(*, actor, title: str, **fields) -> Course:
    ensure_allowed(actor, can_manage_programs)
    return save_as(Course(title=title.strip(), **fields), actor)


@transaction.atomic
def course_edition_add(*, actor, course: Course, number: int, year: int, **fields) -> CourseEdition:
    ensure_allowed(actor, can_manage_programs)
    if CourseEdition.objects.filter(course=course, number=number).exists():
        raise DomainError(_("This course already has an edition %(number)s.") % {"number": number})
    return save_as(CourseEdition(course=course, number=number, year=year, **fields), actor)


@transaction.atomic
def lab_delete(*, actor, lab: Lab) -> None:
    """Delete a lab with its cohort and sessions; a lab with participants or a survey is kept."""
    ensure_allowed(actor, can_manage_programs)
    delete_as(lab, actor, parts=(CohortMember, Session))


@transaction.atomic
def institute_delete(*, actor, institute: TrainingInstitute) -> None:
    """Delete a training institute that has no course; one with courses is kept."""
    ensure_allowed(actor, can_manage_programs)
    delete_as(institute, actor)


@transaction.atomic
def course_delete(*, actor, course: Course) -> None:
    """Delete a course that has no edition; one with editions is kept."""
    ensure_allowed(actor, can_manage_programs)
    delete_as(course, actor)
