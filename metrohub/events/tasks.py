"""Background work of events, run by the task queue: invitations, reminders, and the mail telling
someone a place became free. Each is queued once its change is committed, and named for /work/."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from metrohub.core import work
from metrohub.core.permissions import acting_user
from metrohub.core.services import task_enqueue
from metrohub.events import services
from metrohub.events.permissions import can_manage_events


@task()
def send_invitations(*, event_id: int, base_url: str = "") -> dict[str, int]:
    """Mail the event's queued invitations to each organisation's focal points."""
    return services.invitations_deliver(event_id=event_id, base_url=base_url)


@task()
def send_reminders(*, event_id: int, base_url: str = "") -> dict[str, int]:
    """Remind each confirmed registration not yet reminded (never twice)."""
    return services.reminders_deliver(event_id=event_id, base_url=base_url)


@task()
def notify_promoted(*, registration_id: int, base_url: str = "") -> int:
    """Tell someone promoted from the waiting list that they have a place."""
    from metrohub.events.mail import promotion_message
    from metrohub.events.models import Registration

    registration = Registration.objects.select_related("event", "registered_by").get(pk=registration_id)
    message = promotion_message(registration, base_url)
    return message.send() if message else 0


def invitations_queue(*, actor, event, count: int, base_url: str) -> None:
    label = _("Invitations to “%(event)s”: %(count)s organisations") % {"event": event.title, "count": count}
    requested_by = acting_user(actor)
    transaction.on_commit(
        lambda: task_enqueue(
            send_invitations,
            requested_by=requested_by,
            subject=f"events.event:{event.pk}",
            label=label,
            event_id=event.pk,
            base_url=base_url,
        )
    )


def reminders_enqueue(*, actor, event, count: int, base_url: str) -> None:
    label = _("Reminders of “%(event)s”: %(count)s people") % {"event": event.title, "count": count}
    task_enqueue(
        send_reminders,
        requested_by=acting_user(actor),
        subject=f"events.event:{event.pk}",
        label=label,
        event_id=event.pk,
        base_url=base_url,
    )


def promotion_queue(*, actor, registration, base_url: str = "") -> None:
    label = _("Mail to %(name)s: a place became free") % {"name": registration.name}
    requested_by = acting_user(actor)
    transaction.on_commit(
        lambda: task_enqueue(
            notify_promoted,
            requested_by=requested_by,
            subject=f"events.event:{registration.event_id}",
            label=label,
            registration_id=registration.pk,
            base_url=base_url,
        )
    )


work.register(send_invitations, kind=work.Kind.MAIL, retry_rule=can_manage_events)
work.register(send_reminders, kind=work.Kind.REMINDER, retry_rule=can_manage_events)
work.register(notify_promoted, kind=work.Kind.MAIL, retry_rule=can_manage_events)
