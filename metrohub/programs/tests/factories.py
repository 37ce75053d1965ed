"""Builders for programs records, straight through the models (services are tested on their own)."""

from metrohub.core.models import ActionLine, ThematicPriority
from metrohub.programs.models import (
    CohortMember,
    Lab,
    Participant,
    Question,
    Session,
    Survey,
)


def make_lab(
    title: str = "Test Lab", year: int = 2024, priorities=("gender-equality",), action_lines=("AL2",)
) -> Lab:
    lab = Lab.objects.create(title=title, year=year, source="test")
    lab.priorities.set(ThematicPriority.objects.filter(code__in=priorities))
    lab.action_lines.set(ActionLine.objects.filter(code__in=action_lines))
    return lab


def add_city(lab: Lab, organisation, role=CohortMember.Role.LEARNER, synthetic=False) -> CohortMember:
    return CohortMember.objects.create(lab=lab, organisation=organisation, role=role, synthetic=synthetic)


def add_participant(lab: Lab, name: str = "Ana", gender=Participant.Gender.WOMAN, **fields) -> Participant:
    return Participant.objects.create(lab=lab, name=name, gender=gender, **fields)


def add_session(lab: Lab, **fields) -> Session:
    return Session.objects.create(lab=lab, mode=fields.pop("mode", Session.Mode.ONLINE), **fields)


def make_survey(lab: Lab) -> Survey:
    survey = Survey.objects.create(lab=lab)
    Question.objects.create(survey=survey, text="Overall?", kind=Question.Kind.SCALE, order=1)
    Question.objects.create(survey=survey, text="Useful?", kind=Question.Kind.SCALE, order=2)
    Question.objects.create(survey=survey, text="Change?", kind=Question.Kind.COMMENT, order=3)
    return survey
