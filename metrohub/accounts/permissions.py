"""Who may invite focal points, and which organisations may have one. Each answer carries its reason.

Which organisations may have a focal point is the registry's rule (a member, today), and the
registry sits above accounts: network registers it at start (`focal_point_organisation_rule`).
Until a rule is registered no organisation may have one, so a missing registration fails closed.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

FOCAL_POINT_MANAGERS = frozenset({Role.ADMIN, Role.MEMBERSHIP})

_ORGANISATION_RULES: list[Callable[..., Verdict]] = []


def focal_point_organisation_rule(rule: Callable[..., Verdict]) -> Callable[..., Verdict]:
    """Register `rule(organisation) -> Verdict`: may this organisation have focal points?"""
    if rule not in _ORGANISATION_RULES:
        _ORGANISATION_RULES.append(rule)
    return rule


def may_have_focal_point(organisation) -> Verdict:
    if not _ORGANISATION_RULES:
        return deny(_("No rule says which organisations may have focal points."))
    for rule in _ORGANISATION_RULES:
        verdict = rule(organisation)
        if not verdict:
            return verdict
    return ALLOWED


def can_manage_focal_points(user) -> Verdict:
    """Inviting, sending again, withdrawing and removing focal points: the membership team."""
    if _roles(user) & FOCAL_POINT_MANAGERS:
        return ALLOWED
    return deny(_("Only the membership team and administrators invite or remove focal points."))


def focal_point_manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_focal_points(user)
