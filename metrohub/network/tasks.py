"""Renewal reminders, sent by the task queue (django-tasks) once the request is committed; their
progress shows on /work/."""

from django.db import transaction
from django.utils.translation import ngettext
from django_tasks import task

from metrohub.core import work
from metrohub.core.permissions import SYSTEM, acting_user
from metrohub.core.services import task_enqueue
from metrohub.network.permissions import can_manage_registry


@task()
def send_renewal_reminders(*, reminder_ids: list[int], language: str = "en") -> int:
    from metrohub.network.membership.services import reminders_deliver

    return reminders_deliver(actor=SYSTEM, reminder_ids=reminder_ids, language=language)


def reminders_queue(*, actor, year: int, reminder_ids: list[int], language: str) -> None:
    """Queue the reminders once they are committed, named for the renewal page that follows them
    (`{% work_status "network.renewal" year %}`)."""
    count = len(reminder_ids)
    label = ngettext(
        "Renewal reminder for %(year)s to %(count)d member",
        "Renewal reminders for %(year)s to %(count)d members",
        count,
    ) % {"year": year, "count": count}
    transaction.on_commit(
        lambda: task_enqueue(
            send_renewal_reminders,
            requested_by=acting_user(actor),
            subject=f"network.renewal:{year}",
            label=label,
            reminder_ids=reminder_ids,
            language=language,
        )
    )


work.register(send_renewal_reminders, kind=work.Kind.REMINDER, retry_rule=can_manage_registry)
