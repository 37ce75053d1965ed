"""Every write to the registry. Pages, the API, imports and commands all come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader, a migration).
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.models import Region
from metrohub.core.permissions import ensure_allowed, is_system
from metrohub.core.text import normalise_name
from metrohub.network.models import (
    Consent,
    GoverningBody,
    Membership,
    MembershipPeriod,
    Office,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
    RegionalSecretariat,
)
from metrohub.network.permissions import can_edit_organisation, can_edit_person, can_manage_registry

PUBLIC_PROFILE_FIELDS = ("description", "website")


def organisation_find(name: str) -> Organisation | None:
    """The organisation known under this name or any of its spellings."""
    alias = OrganisationAlias.objects.select_related("organisation").filter(key=normalise_name(name)).first()
    return alias.organisation if alias else None


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def organisation_create(
    *,
    actor,
    name: str,
    kind: str,
    country: str = "",
    region: Region | None = None,
    aliases: Iterable[str] = (),
    **fields,
) -> Organisation:
    """Create an organisation; refuses a name or alias that already names another one."""
    ensure_allowed(actor, can_manage_registry)
    # "Chișinău" and "Chisinau" share one key: keep the first spelling of each.
    by_key: dict[str, str] = {}
    for spelling in [name, *aliases]:
        by_key.setdefault(normalise_name(spelling), spelling)
    spellings = list(by_key.values())
    for spelling in spellings:
        existing = organisation_find(spelling)
        if existing is not None:
            raise DomainError(
                _("“%(name)s” is already in the registry as %(existing)s.")
                % {"name": spelling, "existing": existing.name}
            )
    organisation = Organisation(
        name=name, slug=_unique_slug(name), kind=kind, country=country.upper(), region=region, **fields
    )
    save_as(organisation, actor)
    for spelling in spellings:
        save_as(OrganisationAlias(organisation=organisation, name=spelling), actor)
    return organisation


@transaction.atomic
def organisation_add_alias(*, actor, organisation: Organisation, name: str) -> OrganisationAlias:
    ensure_allowed(actor, can_manage_registry)
    existing = organisation_find(name)
    if existing is not None and existing != organisation:
        raise DomainError(
            _("“%(name)s” already names %(existing)s.") % {"name": name, "existing": existing.name}
        )
    alias = OrganisationAlias.objects.filter(key=normalise_name(name)).first()
    return alias or save_as(OrganisationAlias(organisation=organisation, name=name), actor)


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    """Change an organisation. A focal point may change only its public profile fields."""
    ensure_allowed(actor, can_edit_organisation, organisation)
    if not is_system(actor) and not can_manage_registry(actor) and set(changes) - set(PUBLIC_PROFILE_FIELDS):
        raise DomainError(_("You can change the description and website only."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    for field, value in changes.items():
        setattr(organisation, field, value)
    return save_as(organisation, actor)


@transaction.atomic
def membership_start(
    *,
    actor,
    organisation: Organisation,
    category: str,
    status: str = MembershipPeriod.Status.ACTIVE,
    joined_year: int | None = None,
    start: dt.date | None = None,
    source: str = "",
    reason: str = "",
) -> Membership:
    ensure_allowed(actor, can_manage_registry)
    if Membership.objects.filter(organisation=organisation).exists():
        raise DomainError(
            _("%(name)s already has a membership; change its status instead.") % {"name": organisation.name}
        )
    membership = save_as(Membership(organisation=organisation, joined_year=joined_year, source=source), actor)
    save_as(
        MembershipPeriod(
            membership=membership, category=category, status=status, start=start, source=source, reason=reason
        ),
        actor,
    )
    return membership


@transaction.atomic
def membership_change(
    *,
    actor,
    membership: Membership,
    on: dt.date,
    category: str | None = None,
    status: str | None = None,
    source: str = "",
    reason: str = "",
) -> MembershipPeriod:
    """Close the open period on `on` and open the next one: the past is never rewritten."""
    ensure_allowed(actor, can_manage_registry)
    current = (
        MembershipPeriod.objects.select_for_update().filter(membership=membership, end__isnull=True).first()
    )
    if current is None:
        raise DomainError(_("This membership has no open period to change."))
    if current.start is not None and on <= current.start:
        raise DomainError(
            _("A change must come after the current period began (%(start)s).") % {"start": current.start}
        )
    new = MembershipPeriod(
        membership=membership,
        category=category or current.category,
        status=status or current.status,
        start=on,
        source=source,
        reason=reason,
    )
    if (new.category, new.status) == (current.category, current.status):
        raise DomainError(
            _("Nothing changes: the membership is already %(status)s.")
            % {"status": current.get_status_display()}
        )
    current.end = on
    save_as(current, actor)
    return save_as(new, actor)


@transaction.atomic
def person_create(
    *,
    actor,
    organisation: Organisation,
    name: str,
    role: str,
    title: str,
    source: str = "",
    start: dt.date | None = None,
    **fields,
) -> Person:
    """A person with their position at an organisation."""
    ensure_allowed(actor, can_edit_organisation, organisation)
    if not name.strip():
        raise DomainError(_("A person needs a name."))
    person = save_as(Person(name=name.strip(), source=source, **fields), actor)
    save_as(
        Position(
            person=person, organisation=organisation, role=role, title=title, start=start, source=source
        ),
        actor,
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, organisation: Organisation, **changes) -> Person:
    """Change a person's details, as seen from an organisation where they hold a position."""
    if not person.positions.filter(organisation=organisation).exists():
        ensure_allowed(actor, can_edit_organisation, organisation)
        raise DomainError(
            _("%(person)s holds no position at %(organisation)s.")
            % {"person": person.name, "organisation": organisation.name}
        )
    ensure_allowed(actor, can_edit_person, person, organisation)
    person = Person.objects.select_for_update().get(pk=person.pk)
    for field, value in changes.items():
        setattr(person, field, value)
    return save_as(person, actor)


@transaction.atomic
def position_change(*, actor, position: Position, title: str, role: str, on: dt.date) -> Position:
    """A new title is a new position: the old one ends on `on`, the past stays as it was."""
    ensure_allowed(actor, can_edit_person, position.person, position.organisation)
    if (title, role) == (position.title, position.role):
        return position
    if position.end is not None:
        raise DomainError(_("This position already ended."))
    position.end = on
    save_as(position, actor)
    return save_as(
        Position(
            person=position.person, organisation=position.organisation, title=title, role=role, start=on
        ),
        actor,
    )


@transaction.atomic
def contact_consent_set(*, actor, person: Person, organisation: Organisation, agreed: bool, at, method: str):
    """Record that a person agreed to be contacted, or withdraw it; both stay on record."""
    ensure_allowed(actor, can_edit_person, person, organisation)
    current = person.consents.filter(purpose=Consent.Purpose.CONTACT, withdrawn_at__isnull=True).first()
    if agreed and current is None:
        save_as(Consent(person=person, purpose=Consent.Purpose.CONTACT, given_at=at, method=method), actor)
    elif not agreed and current is not None:
        current.withdrawn_at = at
        save_as(current, actor)


@transaction.atomic
def consent_record(*, actor, person: Person, organisation: Organisation, purpose: str, given_at, method: str):
    ensure_allowed(actor, can_edit_person, person, organisation)
    return save_as(Consent(person=person, purpose=purpose, given_at=given_at, method=method), actor)


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, organisation: Organisation, at) -> Consent:
    ensure_allowed(actor, can_edit_person, consent.person, organisation)
    if consent.withdrawn_at is not None:
        raise DomainError(_("This consent was already withdrawn."))
    consent.withdrawn_at = at
    return save_as(consent, actor)


@transaction.atomic
def office_open(
    *,
    actor,
    body: GoverningBody,
    person: Person,
    organisation: Organisation,
    title: str,
    role: str = Office.Role.MEMBER,
    region: Region | None = None,
    start: dt.date | None = None,
    source: str = "",
) -> Office:
    """Seat a person on a body. One open seat per person and body; one open presidency at a time."""
    ensure_allowed(actor, can_manage_registry)
    GoverningBody.objects.select_for_update().get(pk=body.pk)  # serialise seat changes on one body
    if body.offices.filter(person=person, end__isnull=True).exists():
        raise DomainError(
            _("%(person)s already holds a seat on %(body)s.") % {"person": person, "body": body}
        )
    if role == Office.Role.PRESIDENT and body.offices.filter(role=role, end__isnull=True).exists():
        raise DomainError(
            _("%(body)s already has a president in office; close that term first.") % {"body": body}
        )
    office = Office(
        body=body,
        person=person,
        organisation=organisation,
        title=title,
        role=role,
        region=region,
        start=start,
        source=source,
    )
    return save_as(office, actor)


@transaction.atomic
def office_close(*, actor, office: Office, end: dt.date) -> Office:
    ensure_allowed(actor, can_manage_registry)
    office = Office.objects.select_for_update().get(pk=office.pk)
    if office.end is not None:
        raise DomainError(_("This term already ended on %(end)s.") % {"end": office.end})
    office.end = end
    return save_as(office, actor)


@transaction.atomic
def secretariat_set(*, actor, region: Region, host: Organisation, name: str, source: str = "", year=None):
    ensure_allowed(actor, can_manage_registry)
    secretariat = RegionalSecretariat.objects.filter(region=region).first() or RegionalSecretariat(
        region=region
    )
    secretariat.host, secretariat.name, secretariat.source, secretariat.inaugurated_year = (
        host,
        name,
        source,
        year,
    )
    return save_as(secretariat, actor)


@transaction.atomic
def organisation_delete(*, actor, organisation: Organisation) -> None:
    """Delete an organisation entered by mistake (a duplicate), with its aliases. One that anything
    else refers to — a membership, people, invoices, applications — is kept for that history."""
    ensure_allowed(actor, can_manage_registry)
    delete_as(organisation, actor, parts=(OrganisationAlias,))
