"""Who may do what in the registry. Each answer carries its reason."""

from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.core.permissions import ALLOWED, Verdict, deny
from metrohub.core.permissions import roles_of as _roles

REGISTRY_MANAGERS = frozenset({Role.ADMIN, Role.MEMBERSHIP})


def can_view_registry(user) -> Verdict:
    """The staff directory, with contact data and history, is for the secretariat."""
    if _roles(user) & STAFF_ROLES:
        return ALLOWED
    return deny(_("The registry is open to the secretariat's staff only."))


def can_manage_registry(user) -> Verdict:
    if _roles(user) & REGISTRY_MANAGERS:
        return ALLOWED
    return deny(_("Only the membership team and administrators change the registry."))


def _is_focal_point_of(user, organisation) -> bool:
    return Role.FOCAL_POINT in _roles(user) and user.organisation_id == organisation.pk


def can_view_organisation_private(user, organisation) -> Verdict:
    """People, contact details and history of one organisation."""
    if _roles(user) & STAFF_ROLES or _is_focal_point_of(user, organisation):
        return ALLOWED
    return deny(_("You can see the people of your own organisation only."))


def can_edit_organisation(user, organisation) -> Verdict:
    """Its public profile and its people: the membership team, or the organisation's own focal point."""
    if _roles(user) & REGISTRY_MANAGERS or _is_focal_point_of(user, organisation):
        return ALLOWED
    return deny(_("You can change your own organisation's profile and people only."))


def sees_past_people(user) -> bool:
    """The secretariat keeps the registry's history; a focal point's reach is their current people."""
    return bool(_roles(user) & STAFF_ROLES)


def holds_position_at(person, organisation) -> bool:
    return person.positions.filter(organisation=organisation, end__isnull=True).exists()


def can_edit_person(user, person, organisation) -> Verdict:
    """A person's details, seen from an organisation: the membership team, or that organisation's
    focal point while the person holds an open position there (someone who moved on belongs to
    their new organisation)."""
    verdict = can_edit_organisation(user, organisation)
    if not verdict or _roles(user) & REGISTRY_MANAGERS:
        return verdict
    if holds_position_at(person, organisation):
        return ALLOWED
    return deny(_("You can change your own organisation's current people only."))


def can_import(user) -> Verdict:
    return can_manage_registry(user)


# Rules for views: (user, **url_kwargs) -> Verdict. An unknown organisation is refused like a
# forbidden one, so that a refusal does not tell which ids exist.


def registry_rule(user, **url_kwargs) -> Verdict:
    return can_view_registry(user)


def import_rule(user, **url_kwargs) -> Verdict:
    return can_import(user)


def _organisation(pk):
    from metrohub.network.models import Organisation

    return Organisation.objects.filter(pk=pk).first()


def organisation_private_rule(user, *, pk, **url_kwargs) -> Verdict:
    organisation = _organisation(pk)
    if organisation is None:
        return deny(_("There is no such organisation, or you cannot see it."))
    return can_view_organisation_private(user, organisation)


def organisation_edit_rule(user, *, pk, **url_kwargs) -> Verdict:
    organisation = _organisation(pk)
    if organisation is None:
        return deny(_("There is no such organisation, or you cannot see it."))
    return can_edit_organisation(user, organisation)


def person_edit_rule(user, *, pk, person_pk=None, **url_kwargs) -> Verdict:
    """Adding a person to an organisation, or changing one of its people."""
    from metrohub.network.models import Person

    verdict = organisation_edit_rule(user, pk=pk)
    if not verdict or person_pk is None:
        return verdict
    person = Person.objects.filter(pk=person_pk, positions__organisation_id=pk).first()
    if person is None:
        return deny(_("There is no such person at this organisation, or you cannot see them."))
    return can_edit_person(user, person, _organisation(pk))


def portal_rule(user, **url_kwargs) -> Verdict:
    if user.is_authenticated and getattr(user, "organisation_id", None):
        return ALLOWED
    return deny(_("Your account is not tied to an organisation."))


def registry_manager_rule(user, **url_kwargs) -> Verdict:
    return can_manage_registry(user)


# Focal points: who may invite and remove them (accounts' rule), and which organisations may have
# them (this registry's rule, handed to accounts at start: network/apps.py).


def member_may_have_focal_point(organisation) -> Verdict:
    """Only a member of the network (active or suspended, not lapsed nor withdrawn) has focal points."""
    from metrohub.network.models import MembershipPeriod

    period = (
        MembershipPeriod.objects.filter(membership__organisation=organisation, end__isnull=True)
        .order_by("-start")
        .first()
    )
    if period is None or period.status in (MembershipPeriod.Status.LAPSED, MembershipPeriod.Status.WITHDRAWN):
        return deny(
            _("%(name)s is not a member of the network: only members have focal points.")
            % {"name": organisation.name}
        )
    return ALLOWED


def focal_point_rule(user, *, pk, **url_kwargs) -> Verdict:
    """Inviting, sending again, withdrawing and removing an organisation's focal points."""
    from metrohub.accounts.permissions import can_manage_focal_points

    if _organisation(pk) is None:
        return deny(_("There is no such organisation, or you cannot see it."))
    return can_manage_focal_points(user)
