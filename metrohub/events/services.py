# Over 400 lines because the registration workflow (places, waiting list, attendance,
# invitations, reminders, feedback) shares its locks and refusals, and writes live in services.py only.
"""Every write to the event records. Pages, the API, the dataset loader and the demo come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader, the demo).
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.permissions import acting_user, ensure_allowed, is_system, roles_of
from metrohub.core.services import task_progress
from metrohub.events.models import (
    Event,
    EventPartner,
    Feedback,
    Invitation,
    Outcome,
    Panel,
    Registration,
    Session,
    Speaker,
)
from metrohub.events.permissions import (
    EVENT_MANAGERS,
    can_cancel_registration,
    can_manage_events,
    can_register_members,
    can_register_person,
)
from metrohub.events.selectors import reminders_due

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
def event_delete(*, actor, event: Event) -> None:
    """Delete an event with its partners, sessions, panels and speakers; an event with
    registrations or recorded outcomes is kept."""
    ensure_allowed(actor, can_manage_events)
    delete_as(event, actor, parts=(EventPartner, Session, Panel, Speaker))


# --- Registrations ---------------------------------------------------------------------------------


def _ended(event: Event) -> bool:
    return event.end < timezone.now()


def _day_of(event: Event, moment) -> dt.date:
    return moment.astimezone(ZoneInfo(event.timezone or "UTC")).date()


def _when(event: Event) -> str:
    return date_format(_day_of(event, event.end), "DATE_FORMAT")


def _member_of(actor, person) -> int | None:
    """The organisation a registration is for: the focal point's own, or the person's current one."""
    if getattr(actor, "organisation_id", None) and not (roles_of(actor) & EVENT_MANAGERS):
        return actor.organisation_id
    if person is None:
        return None
    position = person.positions.filter(end__isnull=True).order_by("pk").first()
    return position.organisation_id if position else None


@transaction.atomic
def registration_create(
    *, actor, event: Event, name: str = "", email: str = "", organisation=None, person=None, synthetic=False
) -> Registration:
    """Register someone: confirmed while places remain, on the waiting list after that (a full
    event is no refusal). A focal point registers the current people of their own organisation;
    the events staff register anyone. Nobody registers for an event that has ended, except
    metrohub's own loaders, which record what happened.

    The event row is locked, so two people registering at once cannot both take the last place."""
    ensure_allowed(actor, can_register_members)
    if person is not None or not (roles_of(actor) & EVENT_MANAGERS or is_system(actor)):
        ensure_allowed(actor, can_register_person, person)
    if person is not None and person.erased_at is not None:
        raise DomainError(_("This person's record was erased."))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.capacity is None:
        raise DomainError(_("This event takes no registrations."))
    if _ended(event) and not is_system(actor):
        raise DomainError(_("Registration is closed: the event ended on %(date)s.") % {"date": _when(event)})
    if person is not None:
        name, email = person.name, person.email
        organisation_id = _member_of(actor, person) if organisation is None else organisation.pk
    else:
        organisation_id = organisation.pk if organisation is not None else None
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name:
        raise DomainError(_("A registration needs a name."))
    live = event.registrations.exclude(status=Registration.Status.CANCELLED)
    if person is not None and live.filter(person=person).exists():
        raise DomainError(_("%(name)s is already registered for this event.") % {"name": name})
    if email and live.filter(email=email).exists():
        raise DomainError(_("%(email)s is already registered for this event.") % {"email": email})
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    status = Registration.Status.CONFIRMED if confirmed < event.capacity else Registration.Status.WAITLISTED
    registration = Registration(
        event=event,
        name=name,
        email=email,
        organisation_id=organisation_id,
        person=person,
        registered_by=acting_user(actor),
        status=status,
        synthetic=synthetic,
    )
    try:
        with transaction.atomic():
            return save_as(registration, actor)
    except IntegrityError as exc:  # the constraint, should a concurrent request slip past the check
        raise DomainError(_("%(name)s is already registered for this event.") % {"name": name}) from exc


@transaction.atomic
def registrations_for_people(*, actor, event: Event, people) -> list[Registration]:
    """Register several people at once, in the order given: places first, then the waiting list.
    All or nothing: one refusal (another organisation's person, one already registered) and
    nobody is registered."""
    people = list(people)
    if not people:
        raise DomainError(_("Tick at least one person to register."))
    return [registration_create(actor=actor, event=event, person=person) for person in people]


@transaction.atomic
def registration_cancel(*, actor, registration: Registration, base_url: str = "") -> Registration | None:
    """Cancel a registration; a confirmed place that frees up goes to the first on the waiting list,
    who is told by mail (through the task queue). Returns the registration promoted, if any."""
    ensure_allowed(actor, can_cancel_registration, registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise DomainError(_("This registration is already cancelled."))
    if _ended(event) and not is_system(actor):
        raise DomainError(_("The event has ended: its registrations are kept as they were."))
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
    promoted = save_as(first_waiting, actor)
    from metrohub.events.tasks import promotion_queue

    promotion_queue(actor=actor, registration=promoted, base_url=base_url)
    return promoted


@transaction.atomic
def attendance_mark(*, actor, registration: Registration, attended: bool) -> Registration:
    """Tick (or untick) a confirmed registration as present, from the day the event begins; who
    ticked and when are kept, and the history keeps every earlier tick."""
    ensure_allowed(actor, can_manage_events)
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    event = registration.event
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(
            _("%(name)s has no confirmed place: only confirmed registrations are ticked.")
            % {"name": registration.name}
        )
    if _day_of(event, timezone.now()) < _day_of(event, event.start):
        raise DomainError(_("Attendance is recorded from the day the event begins."))
    if registration.attended == attended:
        return registration
    registration.attended = attended
    registration.attendance_by = acting_user(actor)
    registration.attendance_at = timezone.now()
    return save_as(registration, actor)


@transaction.atomic
def feedback_submit(
    *, actor, registration: Registration, rating: int, useful: bool, comment: str = ""
) -> Feedback:
    """An attendee's feedback, once, after the event. It comes through the attendee's own signed
    link (no account needed): the link is the permission, and `actor` is whoever opened it."""
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if not _ended(registration.event):
        raise DomainError(_("Feedback opens once the event has ended."))
    if registration.status != Registration.Status.CONFIRMED or not registration.attended:
        raise DomainError(
            _("Feedback comes from those who attended: %(name)s is not recorded as attending.")
            % {"name": registration.name}
        )
    if Feedback.objects.filter(registration=registration).exists():
        raise DomainError(_("Feedback for this registration was already given. Thank you."))
    if rating not in Feedback.Rating.values:
        raise DomainError(_("Choose a rating from 1 to 5."))
    return save_as(
        Feedback(registration=registration, rating=rating, useful=useful, comment=(comment or "").strip()),
        actor,
    )


# --- Invitations and reminders, sent by the task queue ----------------------------------------------


@transaction.atomic
def invitations_create(*, actor, event: Event, organisations, base_url: str) -> tuple[int, int]:
    """Invite organisations (their focal points get the mail, sent by the task queue); each is
    recorded once per event. Returns how many were invited now, and how many had been before."""
    ensure_allowed(actor, can_manage_events)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.capacity is None:
        raise DomainError(_("This event takes no registrations, so nobody is invited to register."))
    if _ended(event):
        raise DomainError(_("The event has ended: nobody is invited any more."))
    chosen = {organisation.pk: organisation for organisation in organisations}
    if not chosen:
        raise DomainError(_("Choose at least one organisation, or a region's members."))
    already = set(
        event.invitations.filter(organisation_id__in=chosen).values_list("organisation_id", flat=True)
    )
    new = [pk for pk in chosen if pk not in already]
    for pk in new:
        save_as(Invitation(event=event, organisation_id=pk, invited_by=acting_user(actor)), actor)
    if new:
        from metrohub.events.tasks import invitations_queue

        invitations_queue(actor=actor, event=event, count=len(new), base_url=base_url)
    return len(new), len(already)


def _claimed(queryset, **claim) -> bool:
    """Take a row for this run (an update that only one run can win), so nothing goes twice."""
    return bool(queryset.update(**claim))


def invitations_deliver(*, event_id: int, base_url: str) -> dict[str, int]:
    """Mail each queued (or failed) invitation to the organisation's focal points; run by the task."""
    from metrohub.events.mail import invitation_message, organisation_addresses

    event = Event.objects.get(pk=event_id)
    counts = {"sent": 0, "failed": 0, "no_address": 0}
    pending = list(
        event.invitations.filter(status__in=[Invitation.Status.QUEUED, Invitation.Status.FAILED])
        .select_related("organisation")
        .order_by("pk")
    )
    task_progress(done=0, total=len(pending))
    for number, invitation in enumerate(pending, start=1):
        rows = Invitation.objects.filter(pk=invitation.pk, status__in=[invitation.status])
        if not _claimed(rows, status=Invitation.Status.SENDING):
            continue
        rows = Invitation.objects.filter(pk=invitation.pk)
        addresses = organisation_addresses(invitation.organisation)
        if not addresses:
            rows.update(status=Invitation.Status.NO_ADDRESS)
            counts["no_address"] += 1
        else:
            try:
                invitation_message(event, invitation.organisation, addresses, base_url).send()
            except Exception as exc:  # the mail server's refusal is kept, and a new run retries it
                rows.update(status=Invitation.Status.FAILED, error=str(exc)[:500])
                counts["failed"] += 1
            else:
                rows.update(
                    status=Invitation.Status.SENT, sent_at=timezone.now(), recipients=len(addresses), error=""
                )
                counts["sent"] += 1
        task_progress(done=number, total=len(pending))
    return counts


def reminders_queue(*, actor, event: Event, base_url: str) -> int:
    """Queue the reminders of an event that has not begun; returns how many are due (confirmed
    registrations with an address, not reminded yet). Each goes once, whoever asks again."""
    ensure_allowed(actor, can_manage_events)
    if event.start <= timezone.now():
        raise DomainError(_("The event has begun: reminders go before it."))
    due = reminders_due(event).count()
    if not due:
        raise DomainError(_("Everyone confirmed with an address has been reminded already."))
    from metrohub.events.tasks import reminders_enqueue

    transaction.on_commit(lambda: reminders_enqueue(actor=actor, event=event, count=due, base_url=base_url))
    return due


def reminders_deliver(*, event_id: int, base_url: str) -> dict[str, int]:
    """Mail the reminder to each confirmed registration not reminded yet; run by the task. A
    registration is claimed (its `reminded_at` set) before its mail goes, so two runs never remind
    one person twice; a failed mail is released for the next run."""
    from metrohub.events.mail import reminder_message

    event = Event.objects.get(pk=event_id)
    counts = {"sent": 0, "failed": 0}
    due = list(reminders_due(event).order_by("pk"))
    task_progress(done=0, total=len(due))
    for number, registration in enumerate(due, start=1):
        rows = Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True)
        if not _claimed(rows, reminded_at=timezone.now()):
            continue
        try:
            reminder_message(event, registration, base_url).send()
        except Exception:  # released, so the next run tries again
            Registration.objects.filter(pk=registration.pk).update(reminded_at=None)
            counts["failed"] += 1
        else:
            counts["sent"] += 1
        task_progress(done=number, total=len(due))
    return counts
