"""Who may do what with events.

Programs and policy run the network's events (the report has them organise sessions, summits and the
Board's meetings), so they and administrators change events, panels, registrations and outcomes.
Every secretariat role may read the staff pages (registrations hold names and emails, so the
public never sees them). Public events, their panels and outcomes are open to anyone.
"""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

EVENT_MANAGERS = frozenset({Role.PROGRAMS, Role.POLICY, Role.ADMIN})


def can_manage_events(user) -> Verdict:
    if _roles(user) & EVENT_MANAGERS:
        return ALLOWED
    return deny(_("Only the programs and policy teams and administrators change events."))


def can_view_event_records(user) -> Verdict:
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("Registrations and unpublished events are open to the secretariat only."))


def events_manage_rule(user, **url_kwargs) -> Verdict:
    return can_manage_events(user)


def events_staff_rule(user, **url_kwargs) -> Verdict:
    return can_view_event_records(user)
