"""The mails of event registrations — an invitation, a reminder, a place freed from the waiting
list — built here and sent by the task queue (`tasks.py`, through `services.py`)."""

from urllib.parse import urljoin

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role


def organisation_addresses(organisation) -> list[str]:
    """Where an organisation's invitation goes: its focal points' accounts, and the people on
    record as its current focal points."""
    from metrohub.accounts.models import User
    from metrohub.network.models import Position

    users = User.objects.filter(organisation=organisation, groups__name=Role.FOCAL_POINT, is_active=True)
    emails = {user.email.lower() for user in users if user.email}
    positions = Position.objects.filter(
        organisation=organisation,
        role=Position.Role.FOCAL_POINT,
        end__isnull=True,
        person__erased_at__isnull=True,
    ).select_related("person")
    emails |= {position.person.email.lower() for position in positions if position.person.email}
    return sorted(emails)


def _url(base_url: str, path: str) -> str:
    return urljoin(base_url, path) if base_url else path


def _message(template: str, subject: str, context: dict, to: list[str]) -> EmailMessage:
    with translation.override(context.pop("language", None) or translation.get_language() or "en"):
        body = render_to_string(template, context)
        subject = str(subject)
    return EmailMessage(subject=subject, body=body, to=to)


def invitation_message(event, organisation, addresses: list[str], base_url: str) -> EmailMessage:
    context = {
        "event": event,
        "organisation": organisation,
        "url": _url(base_url, reverse("events:register", args=[event.pk])),
    }
    subject = _("Invitation: %(event)s") % {"event": event.title}
    return _message("events/email/invitation.txt", subject, context, addresses)


def reminder_message(event, registration, base_url: str) -> EmailMessage:
    context = {
        "event": event,
        "registration": registration,
        "url": _url(base_url, reverse("events:event_detail", args=[event.pk])),
    }
    subject = _("Reminder: %(event)s") % {"event": event.title}
    return _message("events/email/reminder.txt", subject, context, [registration.email])


def promotion_message(registration, base_url: str) -> EmailMessage | None:
    """To the person who now has a place, and to whoever registered them."""
    to = {registration.email} - {""}
    if registration.registered_by and registration.registered_by.email:
        to.add(registration.registered_by.email)
    if not to:
        return None
    event = registration.event
    context = {
        "event": event,
        "registration": registration,
        "url": _url(base_url, reverse("events:event_detail", args=[event.pk])),
    }
    subject = _("A place for you: %(event)s") % {"event": event.title}
    return _message("events/email/promoted.txt", subject, context, sorted(to))
