"""Who may see and change the funds. Each answer carries its reason."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

FUND_MANAGERS = frozenset({Role.ADMIN, Role.FINANCE})


def can_view_funds(user) -> Verdict:
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("The funds' records are open to the secretariat's staff only."))


def can_manage_funds(user) -> Verdict:
    if _roles(user) & FUND_MANAGERS:
        return ALLOWED
    return deny(_("Only the finance team and administrators record contributions, grants and tranches."))


def funds_rule(user, **url_kwargs) -> Verdict:
    return can_view_funds(user)


def fund_manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_funds(user)
