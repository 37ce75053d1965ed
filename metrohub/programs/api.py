"""/api/v1/programs: labs and dashboard figures (public); participants (programs team and admin).

A lab's detail (cohort, sessions, participants by gender, satisfaction) is part of each item of
the list: the labs are few, and the list filters by id.
"""

from decimal import Decimal

from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from metrohub.core.api import Pagination
from metrohub.core.errors import NotAllowed
from metrohub.core.metrics import reconcile
from metrohub.programs.models import CohortMember, Lab, Response, Session
from metrohub.programs.permissions import can_view_participants
from metrohub.programs.selectors import (
    dashboard,
    gender_counts,
    lab_list,
    mean_score,
    participant_list,
    scale_answers_of,
)

router = Router()


class CityOut(Schema):
    id: int
    name: str
    role: str


class SessionOut(Schema):
    title: str
    mode: str
    place: str
    date: str | None


class LabOut(Schema):
    id: int
    title: str
    year: int
    priorities: list[str]
    action_lines: list[str]
    description: str
    source: str
    cohort: list[CityOut]
    sessions: list[SessionOut]
    participants_by_gender: dict[str, int]
    survey_responses: int
    mean_satisfaction: Decimal | None

    @staticmethod
    def resolve_priorities(lab) -> list[str]:
        return [p.code for p in lab.priorities.all()]

    @staticmethod
    def resolve_action_lines(lab) -> list[str]:
        return [a.code for a in lab.action_lines.all()]

    @staticmethod
    def resolve_cohort(lab) -> list[dict]:
        return [
            {"id": m.organisation_id, "name": m.organisation.name, "role": m.role} for m in lab.cohort.all()
        ]

    @staticmethod
    def resolve_sessions(lab) -> list[dict]:
        return [
            {
                "title": s.title,
                "mode": s.mode,
                "place": s.place,
                "date": s.date.isoformat() if s.date else None,
            }
            for s in lab.sessions.all()
        ]

    @staticmethod
    def resolve_participants_by_gender(lab) -> dict[str, int]:
        return gender_counts(lab.participants.filter(synthetic=False)).by_gender

    @staticmethod
    def resolve_survey_responses(lab) -> int:
        return Response.objects.filter(survey__lab=lab, synthetic=False).count()

    @staticmethod
    def resolve_mean_satisfaction(lab) -> Decimal | None:
        return mean_score(scale_answers_of(Lab.objects.filter(pk=lab.pk)))


class LabFilters(Schema):
    id: int | None = None
    priority: str = Field(
        "",
        description="Priority code: metropolitan-futures, metropolitan-ecosystems, social-cohesion, "
        "metropolitan-institutions, gender-equality",
    )
    action_line: str = Field("", description="AL1 to AL5")
    year: int | None = Field(None, ge=1900, le=2100)


class FigureOut(Schema):
    key: str
    label: str
    unit: str
    declared: Decimal
    computed: Decimal | None
    section: str


class DashboardOut(Schema):
    year: int
    labs: int
    member_cities: int
    participants: int
    participants_by_gender: dict[str, int]
    mean_satisfaction: Decimal | None
    declared: list[FigureOut]


class ParticipantOut(Schema):
    id: int
    name: str
    lab_id: int
    organisation: str | None
    role: str
    gender: str
    gender_description: str
    synthetic: bool


class Error(Schema):
    detail: str


@router.get("/labs", response=list[LabOut], summary="Solutions Labs (public; synthetic records left out)")
@paginate(Pagination)
def list_labs(request, filters: Query[LabFilters]):
    params = {k: v for k, v in filters.dict().items() if v not in (None, "") and k != "id"}
    labs = lab_list(**params).prefetch_related(
        Prefetch("cohort", CohortMember.objects.filter(synthetic=False).select_related("organisation")),
        Prefetch("sessions", Session.objects.filter(synthetic=False)),
    )
    return labs.filter(pk=filters.id) if filters.id else labs


@router.get(
    "/dashboard", response=DashboardOut, summary="Program figures of a year, declared beside computed"
)
def get_dashboard(request, year: int = Query(2024, ge=1900, le=2100)):
    figures = dashboard(year)
    return {
        "year": year,
        "labs": figures.labs,
        "member_cities": figures.member_cities,
        "participants": figures.participants.total,
        "participants_by_gender": figures.participants.by_gender,
        "mean_satisfaction": figures.satisfaction,
        "declared": [
            {
                "key": row.declared.key,
                "label": row.declared.label,
                "unit": row.declared.unit,
                "declared": row.declared.value,
                "computed": row.computed,
                "section": row.declared.section,
            }
            for row in reconcile(period=year, prefix="programs.")
        ],
    }


@router.get(
    "/participants",
    response={200: list[ParticipantOut], 403: Error},
    summary="Lab participants (programs team and administrators only: personal data)",
)
def list_participants(
    request,
    lab: int | None = Query(None, ge=1, le=2**63 - 1),
    year: int | None = Query(None, ge=1900, le=2100),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
):
    verdict = can_view_participants(request.user)
    if not verdict:
        raise NotAllowed(verdict.reason)
    return [
        {
            "id": p.pk,
            "name": p.display_name,
            "lab_id": p.lab_id,
            "organisation": p.organisation.name if p.organisation else None,
            "role": p.role,
            "gender": p.gender,
            "gender_description": p.gender_description,
            "synthetic": p.synthetic,
        }
        for p in participant_list(lab=lab, year=year)[offset : offset + limit]
    ]
