"""A person's right to their data: export it, or erase it.

Erasure anonymises: the person's row stays (so counts that included them, such as board seats
or the share of women on a panel, stay right) but every identifying value is blanked, in the
record and in its history — in every model the personal-data registry lists (core/privacy.py:
speakers, participants, registrations, subscribers, reviewers' and applicants' accounts...).
The export walks the same registry. Both actions are logged in PrivacyRequest.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core import privacy
from metrohub.core.errors import DomainError
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.network.models import Person, PrivacyRequest
from metrohub.network.permissions import can_manage_registry

ERASED_NAME = privacy.ERASED_NAME


def _iso(value):
    return value.isoformat() if value else None


@transaction.atomic
def person_export(*, actor, person: Person) -> dict:
    """Everything metrohub holds on a person, as JSON-ready data."""
    ensure_allowed(actor, can_manage_registry)
    if person.erased_at is not None:
        raise DomainError(
            _("This person's data were erased on %(date)s.") % {"date": person.erased_at.date()}
        )
    PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.EXPORT, person_id=person.pk, actor=acting_user(actor)
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": person.pk,
            "name": person.name,
            "gender": person.gender,
            "email": person.email,
            "phone": person.phone,
            "source": person.source,
        },
        "positions": [
            {
                "organisation": p.organisation.name,
                "role": p.role,
                "title": p.title,
                "from": _iso(p.start),
                "until": _iso(p.end),
            }
            for p in person.positions.select_related("organisation")
        ],
        "offices": [
            {
                "body": o.body.name,
                "organisation": o.organisation.name,
                "title": o.title,
                "role": o.role,
                "from": _iso(o.start),
                "until": _iso(o.end),
            }
            for o in person.offices.select_related("body", "organisation")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "given_at": _iso(c.given_at),
                "how": c.method,
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in person.consents.all()
        ],
        "history": [
            {
                "when": h.history_date.isoformat(),
                "change": h.history_type,
                "name": h.name,
                "email": h.email,
                "phone": h.phone,
            }
            for h in person.history.order_by("history_date")
        ],
        # Everything the personal-data registry finds on the person, model by model.
        "records": privacy.export(person),
        "not_searched": [entry.label for entry in privacy.registry() if not entry.linked],
    }


@transaction.atomic
def person_erase(*, actor, person: Person, note: str = "") -> Person:
    """Anonymise a person everywhere, history included; what they counted towards stays counted."""
    ensure_allowed(actor, can_manage_registry)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_at is not None:
        raise DomainError(_("This person's data were already erased."))
    privacy.erase(person)
    Person.objects.filter(pk=person.pk).update(erased_at=timezone.now())
    PrivacyRequest.objects.create(
        kind=PrivacyRequest.Kind.ERASURE, person_id=person.pk, actor=acting_user(actor), note=note
    )
    person.refresh_from_db()
    return person
