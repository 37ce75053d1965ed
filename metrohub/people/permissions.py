"""Who may see and change the secretariat's HR records: HR and administrators, nobody else."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

HR_ROLES = frozenset({Role.HR, Role.ADMIN})


def can_view_hr(user) -> Verdict:
    """Staff records hold personal data (gender, location, contract dates): HR's and admin's only."""
    if _roles(user) & HR_ROLES:
        return ALLOWED
    return deny(_("Staff records are open to human resources and administrators only."))


def can_manage_hr(user) -> Verdict:
    if _roles(user) & HR_ROLES:
        return ALLOWED
    return deny(_("Only human resources and administrators change staff records."))


# Rules for views: (user, **url_kwargs) -> Verdict. They never look the record up, so a refusal
# does not tell which ids exist.


def hr_view_rule(user, **url_kwargs) -> Verdict:
    return can_view_hr(user)


def hr_manage_rule(user, **url_kwargs) -> Verdict:
    return can_manage_hr(user)
