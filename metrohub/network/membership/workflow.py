"""The pipeline of a prospective member, as data, in one place (like calls/workflow.py).

Each step names the stages it leaves from, the stage it reaches, the roles that may take it,
whether it asks for the Board's decision (`needs_decision`: date, body, reference) and whether it
is one-way (`one_way`: the page asks for a confirmation first). The services (`prospect_move`,
through `can_take`) and the pages (`steps_available`: the buttons an actor sees now) both read
this table.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles


class Stage(models.TextChoices):
    INTEREST = "interest", _("Interest expressed")
    APPLICATION = "application", _("Application received")
    APPROVED = "approved", _("Approved by the Board")
    ADMITTED = "admitted", _("Admitted")
    DECLINED = "declined", _("Declined")


# The membership team and administrators run the pipeline.
PIPELINE_MANAGERS = frozenset({Role.ADMIN, Role.MEMBERSHIP})
OPEN = frozenset({Stage.INTEREST, Stage.APPLICATION, Stage.APPROVED})


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str] = PIPELINE_MANAGERS
    style: str = "primary"
    done: str = ""  # the flash message once taken: a sentence a person would write
    needs_decision: bool = False
    one_way: bool = True


STEPS: dict[str, Step] = {
    step.code: step
    for step in [
        Step(
            "apply",
            _("Record the application"),
            frozenset({Stage.INTEREST}),
            Stage.APPLICATION,
            done=_("The application was recorded."),
        ),
        Step(
            "approve",
            _("Record the Board's approval"),
            frozenset({Stage.APPLICATION}),
            Stage.APPROVED,
            style="success",
            done=_("The Board's approval was recorded."),
            needs_decision=True,
        ),
        Step(
            "admit",
            _("Admit as a member"),
            frozenset({Stage.APPROVED}),
            Stage.ADMITTED,
            style="success",
            done=_("The organisation was admitted: its membership is open."),
        ),
        Step(
            "decline",
            _("Decline"),
            frozenset({Stage.INTEREST, Stage.APPLICATION}),
            Stage.DECLINED,
            style="outline-danger",
            done=_("The prospect was declined."),
        ),
    ]
}


def steps_from(stage: str) -> list[Step]:
    return [step for step in STEPS.values() if stage in step.sources]


def can_take(user, prospect, step: Step) -> Verdict:
    if prospect.stage not in step.sources:
        return deny(
            _g("“%(step)s” cannot be taken from the stage “%(stage)s”.")
            % {"step": step.label, "stage": prospect.get_stage_display()}
        )
    if not _roles(user) & step.roles:
        return deny(_g("Only the membership team and administrators move a prospect along."))
    return ALLOWED


def steps_available(user, prospect) -> list[Step]:
    """The steps `user` may take on `prospect` now: the buttons its page offers."""
    return [step for step in steps_from(prospect.stage) if can_take(user, prospect, step)]
