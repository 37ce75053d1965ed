"""The programs metrics follow the records: change a record and the figure changes."""

from decimal import Decimal

import pytest

from metrohub.core.metrics import REGISTRY
from metrohub.core.permissions import SYSTEM
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory
from metrohub.programs.models import CourseEdition, Participant
from metrohub.programs.services import course_create, course_edition_add, survey_answer
from metrohub.programs.tests.factories import add_city, add_participant, make_lab, make_survey

pytestmark = pytest.mark.django_db


def value(key: str, period: int = 2024) -> Decimal:
    return REGISTRY[key].compute(period).value


def test_member_cities_count_each_member_once_and_leave_out_non_members_and_synthetic(city, other_city):
    # given two labs sharing a city, a non-member in a cohort and a synthetic cohort member
    first, second = make_lab("First"), make_lab("Second")
    add_city(first, city)
    add_city(second, city)
    add_city(second, other_city)
    add_city(first, OrganisationFactory(name="Not a member"))
    add_city(second, MembershipFactory().organisation, synthetic=True)
    # then
    assert value("programs.labs.member_cities") == 2
    # when another member city joins a lab
    add_city(first, MembershipFactory().organisation)
    assert value("programs.labs.member_cities") == 3
    # and the labs of another year do not count
    assert value("programs.labs.member_cities", 2023) == 0


def test_gender_shares_are_among_participants_who_stated_a_gender(lab):
    for gender in ["woman", "woman", "woman", "man", "not_stated"]:
        add_participant(lab, gender=gender)
    add_participant(lab, gender="man", synthetic=True)
    assert value("programs.participants.total") == 5
    assert value("programs.participants.women_share") == Decimal("75.0")
    assert value("programs.participants.men_share") == Decimal("25.0")
    # when one participant's gender is corrected
    Participant.objects.filter(gender="not_stated").update(gender="man")
    assert value("programs.participants.women_share") == Decimal("60.0")
    assert value("programs.participants.men_share") == Decimal("40.0")


def test_mean_satisfaction_leaves_out_synthetic_answers(lab):
    survey = make_survey(lab)
    overall, useful, _comment = survey.questions.all()
    survey_answer(
        actor=SYSTEM, survey=survey, scores={overall.pk: 5, useful.pk: 4}, comments={}, anonymous=True
    )
    survey_answer(actor=SYSTEM, survey=survey, scores={overall.pk: 3}, comments={}, anonymous=True)
    survey_answer(
        actor=SYSTEM, survey=survey, scores={overall.pk: 1}, comments={}, anonymous=True, synthetic=True
    )
    assert value("programs.satisfaction.mean") == Decimal("4.00")


def test_labs_count_and_course_attendance():
    make_lab("One")
    make_lab("Two")
    make_lab("Old", year=2023)
    assert value("programs.labs.count") == 2
    course = course_create(actor=SYSTEM, title="Diploma")
    edition = course_edition_add(actor=SYSTEM, course=course, number=2, year=2024, attendance=40)
    course_edition_add(actor=SYSTEM, course=course, number=1, year=2023, attendance=18)
    assert value("programs.courses.attendance") == 40
    CourseEdition.objects.filter(pk=edition.pk).update(attendance=41)
    assert value("programs.courses.attendance") == 41


def test_an_answer_to_a_demonstration_survey_is_synthetic_and_not_counted(lab):
    survey = make_survey(lab)
    survey.synthetic = True
    survey.save()
    overall = survey.questions.first()
    sheet = survey_answer(actor=SYSTEM, survey=survey, scores={overall.pk: 2}, comments={}, anonymous=True)
    assert sheet.synthetic
    assert value("programs.satisfaction.mean") == 0
