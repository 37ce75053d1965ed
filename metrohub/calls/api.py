"""/api/v1/calls: open calls for anyone; applications for those who may see them (a focal point
their city's, a reviewer their assignments, the secretariat all).

Ids in paths are read as text and an unknown id is refused like a forbidden one (403), so that a
refusal does not tell which ids exist.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from metrohub.calls import eligibility
from metrohub.calls.models import Application, Call
from metrohub.calls.permissions import can_view_application, can_view_calls
from metrohub.calls.selectors import applications_visible_to, open_calls
from metrohub.core.api import Pagination
from metrohub.core.errors import NotAllowed

router = Router()


class QuestionOut(Schema):
    key: str
    label: str
    kind: str
    required: bool
    options: list[str]


class CallOut(Schema):
    id: int
    title: str
    programme: str
    fund: str | None = Field(None, alias="fund.name")
    themes: list[str]
    action_lines: list[str]
    opens_at: dt.datetime
    closes_at: dt.datetime
    max_amount: Decimal | None
    one_application_per_organisation: bool


class EligibilityOut(Schema):
    requires_good_standing: bool
    categories: list[str]
    regions: list[str]


class CheckOut(Schema):
    ok: bool
    rule: str
    explanation: str


class CallDetailOut(CallOut):
    description: str
    eligibility: EligibilityOut
    questions: list[QuestionOut]
    allowed_file_types: list[str]
    max_file_size_mb: int
    your_eligibility: list[CheckOut] | None = Field(
        None, description="For a focal point: whether their organisation may apply, rule by rule."
    )

    @staticmethod
    def resolve_eligibility(obj) -> dict:
        return {
            "requires_good_standing": obj.requires_good_standing,
            "categories": list(obj.eligible_categories),
            "regions": [region.code for region in obj.eligible_regions.all()],
        }

    @staticmethod
    def resolve_questions(obj) -> list[dict]:
        return [
            {"key": q.key, "label": q.label, "kind": q.kind, "required": q.required, "options": q.options}
            for q in obj.questions.all()
        ]


class ApplicationOut(Schema):
    id: int
    call_id: int
    call: str = Field(..., alias="call.title")
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    status: str
    submitted_at: dt.datetime | None
    amount_requested: Decimal | None


class ApplicationDetailOut(ApplicationOut):
    answers: dict
    transitions: list[dict]

    @staticmethod
    def resolve_transitions(obj) -> list[dict]:
        return [
            {"from": t.from_status, "to": t.to_status, "at": t.at.isoformat(), "note": t.note}
            for t in obj.transitions.all()
        ]


class CallFilters(Schema):
    programme: Call.Programme | None = None


def _visible_calls(request):
    if can_view_calls(request.user):
        return Call.objects.select_related("fund")
    return open_calls().select_related("fund")


@router.get("/applications", response=list[ApplicationOut], summary="Applications you may see")
@paginate(Pagination)
def list_applications(request, call_id: int | None = Query(None, ge=1, le=2**63 - 1), status: str = ""):
    if not request.user.is_authenticated:
        raise NotAllowed(_("Log in to see applications."))
    applications = applications_visible_to(request.user).order_by("-pk")
    if call_id:
        applications = applications.filter(call_id=call_id)
    if status:
        applications = applications.filter(status=status)
    return applications


@router.get("/applications/{application_id}", response=ApplicationDetailOut, summary="One application")
def get_application(request, application_id: int):
    found = Application.objects.select_related("call", "organisation").filter(pk=application_id).first()
    if found is None or not can_view_application(request.user, found):
        raise NotAllowed(_("There is no such application, or you cannot see it."))
    return found


@router.get("", response=list[CallOut], summary="Calls for applications (open ones for the public)")
@paginate(Pagination)
def list_calls(request, filters: Query[CallFilters]):
    calls = _visible_calls(request).order_by("closes_at", "pk")
    if filters.programme:
        calls = calls.filter(programme=filters.programme)
    return calls


@router.get("/{call_id}", response=CallDetailOut, summary="One call: its rules and questions")
def get_call(request, call_id: int):
    call = _visible_calls(request).filter(pk=call_id).first()
    if call is None:
        raise NotAllowed(_("There is no such open call, or you cannot see it."))
    user = request.user
    if user.is_authenticated and user.organisation_id:
        call.your_eligibility = [
            {"ok": c.ok, "rule": c.rule, "explanation": c.explanation}
            for c in eligibility.evaluate(call, user.organisation).checks
        ]
    return call
