"""Who may see and change the results framework. Each answer carries its reason."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

# Targets and results are the framework's commitments: set by administrators and the policy
# team, who hold the MEL framework. Lessons may come from anyone in the secretariat.
MEL_MANAGERS = frozenset({Role.ADMIN, Role.POLICY})


def can_view_mel(user) -> Verdict:
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("The results framework is open to the secretariat's staff only."))


def can_add_learning(user) -> Verdict:
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("Only the secretariat's staff write in the learning log."))


def can_manage_mel(user) -> Verdict:
    if _roles(user) & MEL_MANAGERS:
        return ALLOWED
    return deny(_("Only administrators and the policy team set targets and record results."))


# Rules for views: (user, **url_kwargs) -> Verdict. They never look the record up.


def mel_rule(user, **url_kwargs) -> Verdict:
    return can_view_mel(user)


def learning_add_rule(user, **url_kwargs) -> Verdict:
    return can_add_learning(user)


def mel_manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_mel(user)
