"""Renewal reminders: recorded per member when asked, sent by the task queue."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.accounts.roles import Role
from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.core.services import task_progress
from metrohub.network.membership.models import RenewalReminder
from metrohub.network.models import MembershipPeriod, Organisation, Position
from metrohub.network.permissions import can_manage_registry

# --- Renewal reminders --------------------------------------------------------------------------------


def reminder_recipients(organisation: Organisation) -> list[str]:
    """The organisation's focal points: people in an open focal-point position, and the accounts
    tied to it with the focal-point role."""
    from metrohub.accounts.models import User

    emails = set(
        Position.objects.filter(
            organisation=organisation,
            role=Position.Role.FOCAL_POINT,
            end__isnull=True,
            person__erased_at__isnull=True,
        )
        .exclude(person__email="")
        .values_list("person__email", flat=True)
    )
    emails |= set(
        User.objects.filter(organisation=organisation, groups__name=Role.FOCAL_POINT, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


@transaction.atomic
def reminders_send(*, actor, year: int, organisations: Sequence[Organisation], language: str = "en"):
    """Queue a renewal reminder for `year` to each selected member; each is recorded per member
    (who asked, when) and sent by the task queue, which records to whom and when it went."""
    from metrohub.network.tasks import reminders_queue

    ensure_allowed(actor, can_manage_registry)
    if not organisations:
        raise DomainError(_("Select the members to remind."))
    members = set(
        MembershipPeriod.objects.active_during(year)
        .filter(membership__organisation__in=organisations)
        .values_list("membership__organisation_id", flat=True)
    )
    strangers = [o.name for o in organisations if o.pk not in members]
    if strangers:
        raise DomainError(
            _("Not a member in %(year)s: %(names)s. Nothing was sent.")
            % {"year": year, "names": ", ".join(sorted(strangers))}
        )
    reminders = [
        save_as(RenewalReminder(organisation=o, year=year, requested_by=acting_user(actor)), actor)
        for o in organisations
    ]
    reminders_queue(actor=actor, year=year, reminder_ids=[r.pk for r in reminders], language=language)
    return reminders


def reminders_deliver(*, actor, reminder_ids: Sequence[int], language: str = "en") -> int:
    """Send each queued reminder (the task's body); returns how many went. One reminder's
    record is saved as soon as its mail is sent, so a failure part-way keeps what was done."""
    reminders = list(
        RenewalReminder.objects.filter(
            pk__in=reminder_ids, status=RenewalReminder.Status.QUEUED
        ).select_related("organisation")
    )
    sent = 0
    for done, reminder in enumerate(reminders, start=1):
        to = reminder_recipients(reminder.organisation)
        if not to:
            reminder.status = RenewalReminder.Status.NO_ADDRESS
        else:
            with translation.override(language):
                context = {"organisation": reminder.organisation, "year": reminder.year}
                subject = _("Renewing your %(network)s membership for %(year)s") % {
                    "network": settings.METROHUB_NETWORK_NAME,
                    "year": reminder.year,
                }
                send_mail(subject, render_to_string("network/email/renewal_reminder.txt", context), None, to)
            reminder.status, reminder.sent_at, reminder.recipients = (
                RenewalReminder.Status.SENT,
                timezone.now(),
                ", ".join(to)[:1000],
            )
            sent += 1
        save_as(reminder, actor)
        task_progress(done=done, total=len(reminders))
    return sent
