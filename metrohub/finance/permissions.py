"""Who may see and change the money. Each answer carries its reason."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

FINANCE_MANAGERS = frozenset({Role.ADMIN, Role.FINANCE})


def can_view_agreements(user) -> Verdict:
    """Partners' agreements are open to the whole secretariat, which works with the partners."""
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("Agreements with partners are open to the secretariat's staff only."))


def can_view_finance(user) -> Verdict:
    """Dues, payments and the income ledger are for the finance team and administrators."""
    if _roles(user) & FINANCE_MANAGERS:
        return ALLOWED
    return deny(_("Dues, payments and income are for the finance team and administrators only."))


def can_manage_finance(user) -> Verdict:
    if _roles(user) & FINANCE_MANAGERS:
        return ALLOWED
    return deny(_("Only the finance team and administrators change financial records."))


# Rules for views: (user, **url_kwargs) -> Verdict.


def agreements_rule(user, **url_kwargs) -> Verdict:
    return can_view_agreements(user)


def finance_rule(user, **url_kwargs) -> Verdict:
    return can_view_finance(user)


def finance_manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_finance(user)
