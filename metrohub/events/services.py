"""Every write to the event records. Pages, the API, the dataset loader and the demo come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader, the demo).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.permissions import ensure_allowed, is_system
from metrohub.events.models import Event, EventPartner, Outcome, Panel, Registration, Session, Speaker
from metrohub.events.permissions import can_manage_events

EVENT_FIELDS = {
    "kind", "title", "theme", "description", "parent", "conference", "place", "city", "start", "end",
    "timezone", "all_day", "date_precision", "capacity", "public", "source", "synthetic",
    "action_line", "thematic_priority",
}  # fmt: skip
SPEAKER_FIELDS = {"person", "organisation", "organisation_name", "title", "gender", "source", "synthetic"}


def _refuse_unknown(fields: dict, known: set[str]) -> None:
    unknown = set(fields) - known
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})


@transaction.atomic
def event_create(*, actor, **fields) -> Event:
    ensure_allowed(actor, can_manage_events)
    _refuse_unknown(fields, EVENT_FIELDS)
    fields["title"] = (fields.get("title") or "").strip()
    if not fields["title"]:
        raise DomainError(_("An event needs a title."))
    return save_as(Event(**fields), actor)


@transaction.atomic
def event_update(*, actor, event: Event, **changes) -> Event:
    ensure_allowed(actor, can_manage_events)
    _refuse_unknown(changes, EVENT_FIELDS)
    event = Event.objects.select_for_update().get(pk=event.pk)
    for field, value in changes.items():
        setattr(event, field, value)
    if (
        event.capacity is not None
        and event.registrations.filter(status=Registration.Status.CONFIRMED).count() > event.capacity
    ):
        raise DomainError(_("More people are already confirmed than this capacity allows."))
    return save_as(event, actor)


@transaction.atomic
def partner_add(
    *, actor, event: Event, name: str, organisation=None, role: str = "", source: str = ""
) -> EventPartner:
    ensure_allowed(actor, can_manage_events)
    name = (name or (organisation.name if organisation else "")).strip()
    if not name:
        raise DomainError(_("A partner needs a name or an organisation."))
    return save_as(
        EventPartner(event=event, organisation=organisation, name=name, role=role, source=source), actor
    )


@transaction.atomic
def outcome_add(*, actor, event: Event, text: str, source: str = "") -> Outcome:
    """Outcomes are what came of an event: they are recorded once it has begun."""
    ensure_allowed(actor, can_manage_events)
    if event.start > timezone.now():
        raise DomainError(_("Outcomes are recorded once the event has begun."))
    if not text.strip():
        raise DomainError(_("Write the outcome."))
    return save_as(Outcome(event=event, text=text.strip(), source=source), actor)


@transaction.atomic
def panel_add(*, actor, event: Event, session_title: str, title: str, source: str = "") -> Panel:
    """Add a panel to a session of the event, opening the session if it has none of that title."""
    ensure_allowed(actor, can_manage_events)
    session_title, title = session_title.strip(), title.strip()
    if not session_title or not title:
        raise DomainError(_("A panel needs a title and the session it belongs to."))
    session = event.sessions.filter(title=session_title).first()
    if session is None:
        session = save_as(Session(event=event, title=session_title, source=source), actor)
    return save_as(Panel(session=session, title=title, source=source), actor)


@transaction.atomic
def speaker_add(*, actor, panel: Panel, name: str, **fields) -> Speaker:
    ensure_allowed(actor, can_manage_events)
    _refuse_unknown(fields, SPEAKER_FIELDS)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A speaker needs a name."))
    if panel.speakers.filter(name__iexact=name).exists():
        raise DomainError(_("%(name)s is already on this panel.") % {"name": name})
    return save_as(Speaker(panel=panel, name=name, **fields), actor)


@transaction.atomic
def speaker_remove(*, actor, speaker: Speaker) -> None:
    ensure_allowed(actor, can_manage_events)
    if not is_system(actor):
        speaker._history_user = actor
    speaker.delete()


@transaction.atomic
def registration_create(
    *, actor, event: Event, name: str, email: str, organisation=None, synthetic=False
) -> Registration:
    """Register someone: confirmed while places remain, on the waiting list after that.

    The event row is locked, so two people registering at once cannot both take the last place."""
    ensure_allowed(actor, can_manage_events)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.capacity is None:
        raise DomainError(_("This event takes no registrations."))
    email = (email or "").strip().lower()
    if event.registrations.exclude(status=Registration.Status.CANCELLED).filter(email=email).exists():
        raise DomainError(_("%(email)s is already registered for this event.") % {"email": email})
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    status = Registration.Status.CONFIRMED if confirmed < event.capacity else Registration.Status.WAITLISTED
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        organisation=organisation,
        status=status,
        synthetic=synthetic,
    )
    try:
        with transaction.atomic():
            return save_as(registration, actor)
    except IntegrityError as exc:  # the constraint, should a concurrent request slip past the check
        raise DomainError(_("%(email)s is already registered for this event.") % {"email": email}) from exc


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration | None:
    """Cancel a registration; a confirmed place that frees up goes to the first on the waiting list.

    Returns the registration promoted, if any."""
    ensure_allowed(actor, can_manage_events)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise DomainError(_("This registration is already cancelled."))
    freed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    save_as(registration, actor)
    if not freed:
        return None
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    first_waiting = (
        event.registrations.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk").first()
    )
    if first_waiting is None or confirmed >= (event.capacity or 0):
        return None
    first_waiting.status = Registration.Status.CONFIRMED
    return save_as(first_waiting, actor)


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    """Delete an event with its partners, sessions, panels and speakers; an event with
    registrations or recorded outcomes is kept."""
    ensure_allowed(actor, can_manage_events)
    delete_as(event, actor, parts=(EventPartner, Session, Panel, Speaker))
