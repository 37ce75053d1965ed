"""Programs metrics: Solutions Labs (labs, member cities, participants and their gender,
satisfaction) and course attendance, computed from the records.

Synthetic records (demo data) never count: these figures stand beside what the report declared.
Gender shares are taken among the participants who stated a gender, as the report's 54% women
and 46% men add up to 100.
"""

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import QuerySet, Sum
from django.urls import reverse

from metrohub.core.metrics import metric, percentage
from metrohub.programs.models import Course, CourseEdition, Participant
from metrohub.programs.selectors import (
    GENDERS_STATED,
    labs_of,
    mean_score,
    member_cities_in_labs,
    participants_of,
    scale_answers_of,
)


def _url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}" if params else reverse(name)


def _share_of(gender: str):
    def value(participants: QuerySet) -> Decimal:
        return percentage(participants.filter(gender=gender).count(), participants.count()) or Decimal(0)

    return value


@metric(
    key="programs.labs.count",
    title="Solutions Labs",
    unit="labs",
    records_url=lambda period: _url("programs:lab_list", year=period),
)
def labs_count(period: int):
    """Solutions Labs run in the year."""
    return labs_of(period)


@metric(
    key="programs.labs.member_cities",
    title="Active member cities in Solutions Labs",
    unit="organisations",
    records_url=lambda period: _url("programs:dashboard", year=period),
)
def labs_member_cities(period: int):
    """Organisations in the cohort of a lab of the year that were members during the year, each once."""
    return member_cities_in_labs(labs_of(period), year=period)


@metric(
    key="programs.participants.total",
    title="Participants in Solutions Labs",
    unit="people",
    records_url=lambda period: _url("programs:participant_list", year=period),
)
def participants_total(period: int):
    """Participants of the year's labs (synthetic ones excluded)."""
    return participants_of(labs_of(period))


@metric(
    key="programs.participants.women_share",
    title="Share of women among Lab participants",
    unit="percent",
    records_url=lambda period: _url("programs:participant_list", year=period, gender="woman"),
    value=_share_of(Participant.Gender.WOMAN),
)
def participants_women_share(period: int):
    """Women as a percentage of the year's participants who stated a gender (0 when none did)."""
    return participants_of(labs_of(period)).filter(gender__in=GENDERS_STATED)


@metric(
    key="programs.participants.men_share",
    title="Share of men among Lab participants",
    unit="percent",
    records_url=lambda period: _url("programs:participant_list", year=period, gender="man"),
    value=_share_of(Participant.Gender.MAN),
)
def participants_men_share(period: int):
    """Men as a percentage of the year's participants who stated a gender (0 when none did)."""
    return participants_of(labs_of(period)).filter(gender__in=GENDERS_STATED)


@metric(
    key="programs.satisfaction.mean",
    title="Mean satisfaction with Solutions Labs",
    unit="score (1–5)",
    records_url=lambda period: _url("programs:dashboard", year=period),
    value=lambda answers: mean_score(answers) or Decimal(0),
)
def satisfaction_mean(period: int):
    """Mean of every scale answer (1 to 5) in the surveys of the year's labs (0 when none)."""
    return scale_answers_of(labs_of(period))


@metric(
    key="programs.courses.attendance",
    title="Attendance of courses",
    unit="people",
    records_url=lambda period: _url("programs:course_list"),
    value=lambda editions: editions.aggregate(total=Sum("attendance"))["total"] or 0,
)
def courses_attendance(period: int):
    """Attendance summed over the course editions of the year whose attendance is on record."""
    return CourseEdition.objects.filter(year=period, attendance__isnull=False)


@metric(
    key="programs.courses",
    title="Courses given",
    unit="courses",
    records_url=lambda period: _url("programs:course_list", year=period),
    action_line_url=lambda period, code: _url("programs:course_list", year=period, action_line=code),
)
def courses(period: int):
    """Courses with an edition in the year, each once."""
    return Course.objects.filter(pk__in=CourseEdition.objects.filter(year=period).values("course_id"))
