"""Reads of the programs' records that are more than a lookup.

Figures leave synthetic (demo) records out unless asked, so what a page shows by default is what
the records say; `include_synthetic=True` is for demonstrating the pages, and they badge it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from metrohub.core.metrics import percentage
from metrohub.network.models import Organisation
from metrohub.network.selectors import member_periods_during
from metrohub.programs.models import (
    Answer,
    CohortMember,
    Lab,
    Participant,
    Question,
    Response,
    Session,
)


def _real(queryset: QuerySet, include_synthetic: bool, prefix: str = "") -> QuerySet:
    return queryset if include_synthetic else queryset.filter(**{f"{prefix}synthetic": False})


def lab_list(
    *, q: str = "", priority: str = "", action_line: str = "", year: int | str | None = None
) -> QuerySet[Lab]:
    """The labs, with their real (not synthetic) cities and participants counted; the lab list's
    filters and the API's (the list page sorts them)."""
    labs = Lab.objects.prefetch_related("priorities", "action_lines").annotate(
        cities=Count("cohort", filter=Q(cohort__synthetic=False), distinct=True),
        participants_count=Count("participants", filter=Q(participants__synthetic=False), distinct=True),
    )
    if q:
        labs = labs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if priority:
        labs = labs.filter(priorities__code=priority)
    if action_line:
        labs = labs.filter(action_lines__code=action_line)
    if year:
        labs = labs.filter(year=year)
    return labs


def lab_years() -> list[int]:
    return list(Lab.objects.order_by("-year").values_list("year", flat=True).distinct())


def lab_profile(lab_pk: int) -> Lab:
    return (
        Lab.objects.prefetch_related(
            "priorities",
            "action_lines",
            Prefetch(
                "cohort",
                CohortMember.objects.select_related("organisation").order_by("role", "organisation__name"),
            ),
            Prefetch("sessions", Session.objects.annotate(present=Count("attendance"))),
        )
        .select_related("survey")
        .get(pk=lab_pk)
    )


def labs_of_organisation(organisation_id: int) -> QuerySet[Lab]:
    """The labs an organisation takes part in, with its role: for the member portal, which links
    each to `programs:lab_detail` and, where the lab has a survey, `programs:survey_answer`."""
    return (
        Lab.objects.filter(cohort__organisation_id=organisation_id)
        .annotate(role=F("cohort__role"))
        .select_related("survey")
        .order_by("-year", "title")
    )


def participant_list(
    *,
    lab: int | str | None = None,
    year: int | None = None,
    gender: str = "",
    q: str = "",
    include_synthetic: bool = True,
) -> QuerySet[Participant]:
    """Participants with the sessions they attended; the participant list's filters and the API's."""
    participants = _real(
        Participant.objects.select_related("lab", "person", "organisation").annotate(
            sessions_attended=Count("attendance")
        ),
        include_synthetic,
    )
    if lab:
        participants = participants.filter(lab_id=lab)
    if year:
        participants = participants.filter(lab__year=year)
    if gender:
        participants = participants.filter(gender=gender)
    if q:
        participants = participants.filter(Q(name__icontains=q) | Q(person__name__icontains=q))
    return participants


# The figures, shared by the metrics, the pages and the API.


def labs_of(year: int) -> QuerySet[Lab]:
    return Lab.objects.filter(year=year)


def member_cities_in_labs(labs: QuerySet[Lab], *, year: int, include_synthetic: bool = False) -> QuerySet:
    """Organisations in the labs' cohorts that were members of the network during the year; a city
    enrolled after the year (its `enrolled_on`) does not count for it."""
    cohort = _real(
        CohortMember.objects.filter(lab__in=labs).filter(
            Q(enrolled_on__isnull=True) | Q(enrolled_on__lte=dt.date(year, 12, 31))
        ),
        include_synthetic,
    )
    members = member_periods_during(year).values("membership__organisation_id")
    return Organisation.objects.filter(pk__in=cohort.values("organisation_id")).filter(pk__in=members)


def participants_of(labs: QuerySet[Lab], *, include_synthetic: bool = False) -> QuerySet[Participant]:
    return _real(Participant.objects.filter(lab__in=labs), include_synthetic)


def scale_answers_of(labs: QuerySet[Lab], *, include_synthetic: bool = False) -> QuerySet[Answer]:
    answers = Answer.objects.filter(
        response__survey__lab__in=labs, question__kind=Question.Kind.SCALE, score__isnull=False
    )
    return _real(answers, include_synthetic, prefix="response__")


GENDERS_STATED = [Participant.Gender.WOMAN, Participant.Gender.MAN, Participant.Gender.SELF_DESCRIBED]


def mean_score(answers: QuerySet[Answer]) -> Decimal | None:
    mean = answers.aggregate(mean=Avg("score"))["mean"]
    return None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class GenderCounts:
    by_gender: dict[str, int]  # every Participant.Gender value, "not_stated" included
    total: int

    @property
    def stated(self) -> int:
        return self.total - self.by_gender[Participant.Gender.NOT_STATED]

    def share_of(self, gender: str) -> Decimal | None:
        """Share among the participants who stated a gender (as the report's 54% / 46%)."""
        return percentage(self.by_gender[gender], self.stated)

    def rows(self) -> list[tuple[str, str, int, Decimal | None]]:
        return [
            (value, label, self.by_gender[value], self.share_of(value) if value in GENDERS_STATED else None)
            for value, label in Participant.Gender.choices
        ]


def gender_counts(participants: QuerySet[Participant]) -> GenderCounts:
    counts = participants.aggregate(
        total=Count("pk"),
        **{value: Count("pk", filter=Q(gender=value)) for value in Participant.Gender.values},
    )
    return GenderCounts(by_gender={v: counts[v] for v in Participant.Gender.values}, total=counts["total"])


@dataclass(frozen=True)
class QuestionSummary:
    question: Question
    mean: Decimal | None
    distribution: dict[int, int]  # score -> answers
    comments: list[str]


@dataclass(frozen=True)
class Satisfaction:
    responses: int
    mean: Decimal | None
    questions: list[QuestionSummary]


def lab_satisfaction(lab: Lab, *, include_synthetic: bool = False) -> Satisfaction:
    survey = getattr(lab, "survey", None)
    if survey is None:
        return Satisfaction(responses=0, mean=None, questions=[])
    answers = _real(Answer.objects.filter(response__survey=survey), include_synthetic, prefix="response__")
    summaries = []
    for question in survey.questions.all():
        of_question = answers.filter(question=question)
        if question.kind == Question.Kind.SCALE:
            counts = dict(of_question.values_list("score").annotate(n=Count("pk")).values_list("score", "n"))
            summaries.append(
                QuestionSummary(
                    question, mean_score(of_question), {s: counts.get(s, 0) for s in range(1, 6)}, []
                )
            )
        else:
            comments = list(of_question.exclude(comment="").values_list("comment", flat=True)[:50])
            summaries.append(QuestionSummary(question, None, {}, comments))
    return Satisfaction(
        responses=_real(Response.objects.filter(survey=survey), include_synthetic).count(),
        mean=mean_score(answers.filter(question__kind=Question.Kind.SCALE, score__isnull=False)),
        questions=summaries,
    )


@dataclass(frozen=True)
class LabRow:
    lab: Lab
    cities: int
    participants: GenderCounts
    satisfaction: Decimal | None


@dataclass(frozen=True)
class Dashboard:
    year: int
    labs: int
    member_cities: int
    participants: GenderCounts
    satisfaction: Decimal | None
    rows: list[LabRow]


def dashboard(year: int, *, include_synthetic: bool = False) -> Dashboard:
    """The year's figures, and each lab's, in a fixed number of queries (grouped by lab)."""
    labs = labs_of(year)
    cities = dict(
        _real(CohortMember.objects.filter(lab__in=labs), include_synthetic)
        .values_list("lab")
        .annotate(n=Count("pk"))
        .values_list("lab", "n")
    )
    genders: dict[int, dict[str, int]] = {}
    for lab_id, gender, n in (
        participants_of(labs, include_synthetic=include_synthetic)
        .values_list("lab", "gender")
        .annotate(n=Count("pk"))
        .values_list("lab", "gender", "n")
    ):
        genders.setdefault(lab_id, {})[gender] = n
    means = dict(
        scale_answers_of(labs, include_synthetic=include_synthetic)
        .values_list("response__survey__lab")
        .annotate(mean=Avg("score"))
        .values_list("response__survey__lab", "mean")
    )

    def counts_of(lab_id: int) -> GenderCounts:
        by_gender = {value: genders.get(lab_id, {}).get(value, 0) for value in Participant.Gender.values}
        return GenderCounts(by_gender=by_gender, total=sum(by_gender.values()))

    def rounded(mean) -> Decimal | None:
        return None if mean is None else Decimal(str(mean)).quantize(Decimal("0.01"), ROUND_HALF_UP)

    rows = [
        LabRow(
            lab=lab,
            cities=cities.get(lab.pk, 0),
            participants=counts_of(lab.pk),
            satisfaction=rounded(means.get(lab.pk)),
        )
        for lab in labs.prefetch_related("priorities").order_by("title")
    ]
    return Dashboard(
        year=year,
        labs=len(rows),
        member_cities=member_cities_in_labs(labs, year=year, include_synthetic=include_synthetic).count(),
        participants=gender_counts(participants_of(labs, include_synthetic=include_synthetic)),
        satisfaction=mean_score(scale_answers_of(labs, include_synthetic=include_synthetic)),
        rows=rows,
    )


def synthetic_present() -> bool:
    return (
        Participant.objects.filter(synthetic=True).exists()
        or Response.objects.filter(synthetic=True).exists()
        or CohortMember.objects.filter(synthetic=True).exists()
    )
