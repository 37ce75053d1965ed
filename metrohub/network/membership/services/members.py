"""A member's changes of category and status: each closes the open period on its date and
opens the next (network.services.membership_change); the past is never rewritten."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.permissions import ensure_allowed
from metrohub.network import services as registry
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.network.permissions import can_manage_registry

Status = MembershipPeriod.Status


# --- Changes of category and status -----------------------------------------------------------------


def open_period(organisation: Organisation) -> MembershipPeriod | None:
    return (
        MembershipPeriod.objects.select_for_update()
        .filter(membership__organisation=organisation, end__isnull=True)
        .select_related("membership")
        .first()
    )


def _change(actor, organisation, *, on, allowed_from, refusal, reason, status=None, category=None):
    ensure_allowed(actor, can_manage_registry)
    if on is None:
        raise DomainError(_("Give the date of the change."))
    current = open_period(organisation)
    if current is None or current.status not in allowed_from:
        raise DomainError(refusal % {"name": organisation.name})
    return registry.membership_change(
        actor=actor,
        membership=current.membership,
        on=on,
        status=status,
        category=category,
        reason=(reason or "").strip(),
    )


@transaction.atomic
def membership_change_category(
    *, actor, organisation: Organisation, on: dt.date, category: str, reason: str = ""
):
    """A member moves from full to associate, or back."""
    if category not in MembershipPeriod.Category.values:
        raise DomainError(_("Choose the membership category."))
    return _change(
        actor,
        organisation,
        on=on,
        category=category,
        reason=reason,
        allowed_from={Status.ACTIVE, Status.SUSPENDED},
        refusal=_("%(name)s is not a member: only a member changes category."),
    )


@transaction.atomic
def membership_suspend(*, actor, organisation: Organisation, on: dt.date, reason: str):
    """Suspend an active member from `on`, for `reason` (the rule applied: "arrears", ...)."""
    if not (reason or "").strip():
        raise DomainError(_("Say why the membership is suspended (the rule applied)."))
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.SUSPENDED,
        reason=reason,
        allowed_from={Status.ACTIVE},
        refusal=_("%(name)s is not an active member: only an active member can be suspended."),
    )


@transaction.atomic
def membership_reinstate(*, actor, organisation: Organisation, on: dt.date, reason: str = ""):
    """Reinstate a suspended (or lapsed) member from `on`."""
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.ACTIVE,
        reason=reason or _("Reinstated"),
        allowed_from={Status.SUSPENDED, Status.LAPSED},
        refusal=_("%(name)s is not suspended: there is nothing to reinstate."),
    )


@transaction.atomic
def membership_withdraw(*, actor, organisation: Organisation, on: dt.date, reason: str = ""):
    """The member leaves the network from `on` (its letter of withdrawal)."""
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.WITHDRAWN,
        reason=reason,
        allowed_from={Status.ACTIVE, Status.SUSPENDED, Status.LAPSED},
        refusal=_("%(name)s is not a member: there is nothing to withdraw from."),
    )


@transaction.atomic
def membership_lapse(*, actor, organisation: Organisation, on: dt.date, reason: str = ""):
    """The membership lapses from `on` (not renewed)."""
    return _change(
        actor,
        organisation,
        on=on,
        status=Status.LAPSED,
        reason=reason,
        allowed_from={Status.ACTIVE, Status.SUSPENDED},
        refusal=_("%(name)s is not a member: only a member's membership lapses."),
    )
