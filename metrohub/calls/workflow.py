"""The application workflow, as data, in one place.

Each step names the states it leaves from, the state it reaches, the roles that may take it and
whether the applicant (a focal point of the applying organisation) may take it; whether it waits
for the rubric's scores (`needs_scores`: a decision is offered once a reviewer has scored the
application, or at once when the call has no rubric) and whether it is one-way (`one_way`: the
page asks for a confirmation first). The services (`application_transition`, through
`permissions.can_take`) and the pages (`permissions.steps_available`: the buttons an actor sees
now) both read this table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    WITHDRAWN = "withdrawn", pgettext_lazy("application", "Withdrawn")


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
    # What the flash message says once the step is taken: a sentence a person would write.
    done: str = ""
    needs_scores: bool = False
    one_way: bool = False


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
        Step(
            "submit",
            _("Submit"),
            frozenset({Status.DRAFT}),
            Status.SUBMITTED,
            applicant=True,
            done=_("The application was submitted."),
            one_way=True,
        ),
        Step(
            "check_eligibility",
            _("Confirm eligibility"),
            frozenset({Status.SUBMITTED}),
            Status.ELIGIBILITY_CHECKED,
            CALL_MANAGERS,
            done=_("The application was found eligible."),
        ),
        Step(
            "start_review",
            _("Send to review"),
            frozenset({Status.ELIGIBILITY_CHECKED}),
            Status.IN_REVIEW,
            CALL_MANAGERS,
            done=_("The application was sent to review."),
        ),
        Step(
            "shortlist",
            _("Shortlist"),
            frozenset({Status.IN_REVIEW}),
            Status.SHORTLISTED,
            CALL_MANAGERS,
            done=_("The application was shortlisted."),
        ),
        Step(
            "select",
            _("Select"),
            frozenset({Status.IN_REVIEW, Status.SHORTLISTED, Status.WAITLISTED}),
            Status.SELECTED,
            CALL_MANAGERS,
            style="success",
            done=_("The application was selected."),
            needs_scores=True,
            one_way=True,
        ),
        Step(
            "waitlist",
            _("Put on the waiting list"),
            frozenset({Status.IN_REVIEW, Status.SHORTLISTED}),
            Status.WAITLISTED,
            CALL_MANAGERS,
            style="secondary",
            done=_("The application was put on the waiting list."),
            needs_scores=True,
        ),
        Step(
            "decline",
            _("Decline"),
            frozenset(_OPEN),
            Status.DECLINED,
            CALL_MANAGERS,
            style="danger",
            done=_("The application was declined."),
            needs_scores=True,
            one_way=True,
        ),
        Step(
            "withdraw",
            _("Withdraw"),
            frozenset({Status.DRAFT, *_OPEN}),
            Status.WITHDRAWN,
            frozenset({Role.ADMIN}),
            applicant=True,
            style="outline-danger",
            done=_("The application was withdrawn."),
            one_way=True,
        ),
    ]
}


def steps_from(status: str) -> list[Step]:
    return [step for step in STEPS.values() if status in step.sources]


def rubric_scored(application) -> bool:
    """A reviewer has scored the application, or its call has no rubric to score (prefetched
    assignments, reviews and criteria cost no query)."""
    if any(hasattr(assignment, "review") for assignment in application.assignments.all()):
        return True
    return not application.call.criteria.all()
