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


def _focal_point_organisation_id(user) -> int | None:
    if Role.FOCAL_POINT in _roles(user) and getattr(user, "organisation_id", None):
        return user.organisation_id
    return None


def can_register_members(user) -> Verdict:
    """Who registers people for an event: the events staff, or a member's focal point (for the
    people of their own organisation)."""
    if _roles(user) & EVENT_MANAGERS or _focal_point_organisation_id(user):
        return ALLOWED
    return deny(_("Only a member's focal point or the events staff register people for events."))


def can_register_person(user, person) -> Verdict:
    """A focal point registers the current people of their own organisation, never another's."""
    if _roles(user) & EVENT_MANAGERS:
        return ALLOWED
    organisation_id = _focal_point_organisation_id(user)
    if organisation_id is None:
        return can_register_members(user)
    from metrohub.network.models import Organisation
    from metrohub.network.permissions import holds_position_at

    organisation = Organisation(pk=organisation_id)
    if person is None or not holds_position_at(person, organisation):
        return deny(_("You can register the people of your own organisation only."))
    return ALLOWED


def can_cancel_registration(user, registration) -> Verdict:
    """The events staff, or the focal point of the registered person's organisation."""
    if _roles(user) & EVENT_MANAGERS:
        return ALLOWED
    organisation_id = _focal_point_organisation_id(user)
    if organisation_id is not None and registration.organisation_id == organisation_id:
        return ALLOWED
    return deny(_("You can cancel your own organisation's registrations only."))


def member_register_rule(user, **url_kwargs) -> Verdict:
    return can_register_members(user)


def registration_cancel_rule(user, *, registration_pk, **url_kwargs) -> Verdict:
    from metrohub.events.models import Registration

    registration = Registration.objects.filter(pk=registration_pk).first()
    if registration is None:
        return deny(_("There is no such registration, or you cannot see it."))
    return can_cancel_registration(user, registration)
