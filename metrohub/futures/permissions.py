"""Who may change Metro Futures. Reading it is open to everyone: the public reads published releases."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

FUTURES_MANAGERS = frozenset({Role.ADMIN, Role.POLICY})


def can_manage_futures(user) -> Verdict:
    """Importing data and publishing releases: the policy team (it runs Metro Futures) and administrators."""
    if _roles(user) & FUTURES_MANAGERS:
        return ALLOWED
    return deny(_("Only the policy team and administrators import data and publish Metro Futures releases."))


# Rules for views: (user, **url_kwargs) -> Verdict.


def manage_rule(user, **url_kwargs) -> Verdict:
    return can_manage_futures(user)
