"""The application workflow, as data, in one place.

Each step names the states it leaves from, the state it reaches, the roles that may take it and
whether the applicant (a focal point of the applying organisation) may take it. The services
(`application_transition`) and the pages (the buttons an actor sees) both read this table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from metrohub.accounts.roles import Role


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ELIGIBILITY_CHECKED = "eligibility_checked", _("Eligibility checked")
    IN_REVIEW = "in_review", _("In review")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    SELECTED = "selected", _("Selected")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Programme staff run calls; they and administrators decide.
CALL_MANAGERS = frozenset({Role.ADMIN, Role.PROGRAMS})
DECISIONS = frozenset({Status.SELECTED, Status.WAITLISTED, Status.DECLINED})
FINAL = frozenset({Status.SELECTED, Status.DECLINED, Status.WITHDRAWN})
REVIEWABLE = frozenset({Status.IN_REVIEW, Status.SHORTLISTED})


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str] = frozenset()
    applicant: bool = False
    style: str = "primary"


_OPEN = {
    Status.SUBMITTED,
    Status.ELIGIBILITY_CHECKED,
    Status.IN_REVIEW,
    Status.SHORTLISTED,
    Status.WAITLISTED,
}

STEPS: dict[str, Step] = {
    step.code: step
    for step in [
        Step("submit", _("Submit"), frozenset({Status.DRAFT}), Status.SUBMITTED, applicant=True),
        Step(
            "check_eligibility",
            _("Confirm eligibility"),
            frozenset({Status.SUBMITTED}),
            Status.ELIGIBILITY_CHECKED,
            CALL_MANAGERS,
        ),
        Step(
            "start_review",
            _("Send to review"),
            frozenset({Status.ELIGIBILITY_CHECKED}),
            Status.IN_REVIEW,
            CALL_MANAGERS,
        ),
        Step("shortlist", _("Shortlist"), frozenset({Status.IN_REVIEW}), Status.SHORTLISTED, CALL_MANAGERS),
        Step(
            "select",
            _("Select"),
            frozenset({Status.IN_REVIEW, Status.SHORTLISTED, Status.WAITLISTED}),
            Status.SELECTED,
            CALL_MANAGERS,
            style="success",
        ),
        Step(
            "waitlist",
            _("Put on the waiting list"),
            frozenset({Status.IN_REVIEW, Status.SHORTLISTED}),
            Status.WAITLISTED,
            CALL_MANAGERS,
            style="secondary",
        ),
        Step("decline", _("Decline"), frozenset(_OPEN), Status.DECLINED, CALL_MANAGERS, style="danger"),
        Step(
            "withdraw",
            _("Withdraw"),
            frozenset({Status.DRAFT, *_OPEN}),
            Status.WITHDRAWN,
            frozenset({Role.ADMIN}),
            applicant=True,
            style="outline-danger",
        ),
    ]
}


def steps_from(status: str) -> list[Step]:
    return [step for step in STEPS.values() if status in step.sources]
