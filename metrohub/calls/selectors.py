"""Reads over calls and applications that are more than a lookup."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.calls import eligibility
from metrohub.calls.models import Application, Assignment, Call
from metrohub.calls.workflow import Status


def call_list() -> QuerySet[Call]:
    """Calls with their fund and the number of applications submitted."""
    return Call.objects.select_related("fund").annotate(
        submitted=Count("applications", filter=~Q(applications__status__in=[Status.DRAFT, Status.WITHDRAWN]))
    )


def application_list() -> QuerySet[Application]:
    """Applications with their call, organisation and region."""
    return Application.objects.select_related("call", "organisation", "organisation__region")


def applications_visible_to(user) -> QuerySet[Application]:
    """What a user may see: staff everything; a focal point their organisation's; a reviewer
    the applications assigned to them."""
    applications = Application.objects.select_related("call", "organisation")
    roles = getattr(user, "roles", frozenset()) if user.is_authenticated else frozenset()
    if roles & STAFF_ROLES:
        return applications
    scope = Q(pk__in=[])
    if Role.FOCAL_POINT in roles and user.organisation_id:
        scope |= Q(organisation_id=user.organisation_id)
    if Role.REVIEWER in roles:
        scope |= Q(assignments__reviewer=user)
    return applications.filter(scope).distinct()


def open_calls(at=None) -> QuerySet[Call]:
    at = at or timezone.now()
    return Call.objects.filter(published=True, opens_at__lte=at, closes_at__gt=at).prefetch_related(
        "eligible_regions"
    )


@dataclass(frozen=True)
class PortalCall:
    call: Call
    eligibility: eligibility.Eligibility
    application: Application | None


def portal_calls(organisation) -> list[PortalCall]:
    """The open calls, each with whether the organisation may apply and why (not)."""
    mine = {}
    for application in Application.objects.filter(organisation=organisation).exclude(status=Status.WITHDRAWN):
        mine.setdefault(application.call_id, application)
    standing = eligibility.Standing(organisation)
    return [
        PortalCall(call, eligibility.evaluate(call, organisation, standing), mine.get(call.pk))
        for call in open_calls().order_by("closes_at", "title")
    ]


def organisation_applications(organisation) -> QuerySet[Application]:
    return (
        Application.objects.filter(organisation=organisation).select_related("call").order_by("-created_at")
    )


def my_assignments(user) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related("application__call", "application__organisation", "review")
        .prefetch_related("application__call__criteria")
        .order_by("application__call__closes_at", "pk")
    )


@dataclass(frozen=True)
class Cell:
    text: str
    score: Decimal | None = None


@dataclass(frozen=True)
class DecisionRow:
    application: Application
    cells: list[Cell]
    mean: Decimal | None
    reviews: int
    criteria: list[Decimal | None]  # the mean score given to each criterion of the rubric, in order


DECIDING = [
    Status.ELIGIBILITY_CHECKED,
    Status.IN_REVIEW,
    Status.SHORTLISTED,
    Status.SELECTED,
    Status.WAITLISTED,
    Status.DECLINED,
]


def _criterion_means(criteria: list, reviews: list) -> list[Decimal | None]:
    """The mean score each criterion got from the reviews (on its own scale, to one decimal)."""
    given: dict[int, list[int]] = {}
    for review in reviews:
        for score in review.scores.all():
            given.setdefault(score.criterion_id, []).append(score.score)
    return [
        (Decimal(sum(found)) / len(found)).quantize(Decimal("0.1")) if (found := given.get(c.pk)) else None
        for c in criteria
    ]


def rubric_top(criteria) -> int:
    """The highest score of the rubric's scale: its criteria's own when they share one (0–5), else
    100 (the weighted score is then shown out of 100)."""
    tops = {criterion.max_score for criterion in criteria}
    return tops.pop() if len(tops) == 1 else 100


def on_scale(weighted_score: Decimal, top: int) -> Decimal:
    """A weighted score (stored out of 100) on the rubric's scale of 0 to `top`, to one decimal."""
    return (Decimal(weighted_score) * top / 100).quantize(Decimal("0.1"))


def decision_table(call: Call) -> tuple[list, list[DecisionRow]]:
    """Applications × reviewers: each reviewer's weighted score on the rubric's scale (see
    `rubric_top`), and the mean, best first; and each criterion's mean score
    (`DecisionRow.criteria`, in the order of `call.criteria`)."""
    from django.utils.translation import gettext as _

    criteria = list(call.criteria.all())
    top = rubric_top(criteria)
    applications = list(
        call.applications.filter(status__in=DECIDING)
        .select_related("organisation")
        .prefetch_related("assignments__review__scores", "assignments__reviewer")
    )
    reviewers = sorted(
        {a.reviewer for application in applications for a in application.assignments.all()},
        key=lambda user: user.get_username(),
    )
    rows = []
    for application in applications:
        by_reviewer = {a.reviewer_id: a for a in application.assignments.all()}
        cells, scores, reviews = [], [], []
        for reviewer in reviewers:
            assignment = by_reviewer.get(reviewer.pk)
            if assignment is None:
                cells.append(Cell("—"))
            elif assignment.conflict:
                cells.append(Cell(_("conflict")))
            elif hasattr(assignment, "review"):
                score = on_scale(assignment.review.weighted_score, top)
                scores.append(score)
                reviews.append(assignment.review)
                cells.append(Cell(f"{score:.1f}", score))
            else:
                cells.append(Cell(_("pending")))
        mean = (sum(scores) / len(scores)).quantize(Decimal("0.1")) if scores else None
        rows.append(DecisionRow(application, cells, mean, len(scores), _criterion_means(criteria, reviews)))
    rows.sort(key=lambda row: (row.mean is None, -(row.mean or 0), row.application.organisation.name))
    return reviewers, rows
