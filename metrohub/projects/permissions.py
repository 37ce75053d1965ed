"""Who may change partnership projects: programs and policy run them (AVANTIA, MGET, COMANAGE),
with administrators. Projects are public: anyone reads them."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.permissions import ALLOWED, Verdict, deny

PROJECT_MANAGERS = frozenset({Role.PROGRAMS, Role.POLICY, Role.ADMIN})


def can_manage_projects(user) -> Verdict:
    roles = getattr(user, "roles", frozenset()) if user is not None and user.is_authenticated else frozenset()
    if roles & PROJECT_MANAGERS:
        return ALLOWED
    return deny(_("Only the programs and policy teams and administrators change projects."))


def projects_manage_rule(user, **url_kwargs) -> Verdict:
    return can_manage_projects(user)
