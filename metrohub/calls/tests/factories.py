"""Calls and applications built through the services, as the pages build them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from metrohub.calls import services
from metrohub.calls.models import Application, Call, Question
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM

# The steps that lead to each state, from a draft.
PATH = {
    Status.SUBMITTED: ["submit"],
    Status.ELIGIBILITY_CHECKED: ["submit", "check_eligibility"],
    Status.IN_REVIEW: ["submit", "check_eligibility", "start_review"],
    Status.SHORTLISTED: ["submit", "check_eligibility", "start_review", "shortlist"],
    Status.SELECTED: ["submit", "check_eligibility", "start_review", "select"],
    Status.DECLINED: ["submit", "check_eligibility", "start_review", "decline"],
}


def make_call(*, fund=None, max_amount=None, questions=True, criteria=True, **fields) -> Call:
    now = timezone.now()
    defaults = {
        "title": f"Test call {Call.objects.count() + 1}",
        "programme": Call.Programme.FUND if fund else Call.Programme.SOLUTIONS_LABS,
        "opens_at": now - dt.timedelta(days=10),
        "closes_at": now + dt.timedelta(days=10),
        "allowed_file_types": ["pdf", "png"],
        "max_file_size_mb": 1,
        "fund": fund,
        "max_amount": max_amount,
    }
    regions = fields.pop("regions", ())
    call = services.call_create(actor=SYSTEM, regions=regions, **{**defaults, **fields})
    if questions:
        services.question_add(
            actor=SYSTEM, call=call, label="What is the project?", kind=Question.Kind.LONG_TEXT
        )
        services.question_add(
            actor=SYSTEM,
            call=call,
            label="Role",
            kind=Question.Kind.CHOICE,
            choices="host\nlearner",
            required=False,
        )
    if criteria:
        services.criterion_add(actor=SYSTEM, call=call, name="Relevance", weight=3, max_score=5)
        services.criterion_add(actor=SYSTEM, call=call, name="Feasibility", weight=1, max_score=5)
    return call


def complete_answers(call: Call) -> dict:
    return {q.key: ("host" if q.kind == Question.Kind.CHOICE else "An answer") for q in call.questions.all()}


def make_application(call: Call, organisation, *, status=Status.DRAFT, amount=None) -> Application:
    application = services.application_start(actor=SYSTEM, call=call, organisation=organisation)
    if call.max_amount is not None and amount is None:
        amount = call.max_amount
    application.answers = complete_answers(call)
    application.amount_requested = Decimal(amount) if amount is not None else None
    application.save()
    for step in PATH.get(status, []):
        application = services.application_transition(actor=SYSTEM, application=application, step=step)
    return application


def score_application(application: Application, *, reviewer=None, score: int = 4):
    """A reviewer assigned who declares no conflict and scores every criterion `score`: after
    this, the workflow offers the decisions (`needs_scores`)."""
    from metrohub.network.tests.factories import make_user

    reviewer = reviewer or make_user("reviewer")
    assignment = services.assignment_create(actor=SYSTEM, application=application, reviewer=reviewer)
    services.conflict_declare(actor=reviewer, assignment=assignment, conflict=False)
    scores = {criterion.pk: score for criterion in application.call.criteria.all()}
    return services.review_submit(actor=reviewer, assignment=assignment, scores=scores)
