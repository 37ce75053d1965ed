"""Mail to applicants, sent by the task queue (django-tasks) once the change is committed."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from metrohub.accounts.roles import Role
from metrohub.calls.permissions import can_manage_calls
from metrohub.core import work
from metrohub.core.context_processors import network
from metrohub.core.permissions import acting_user
from metrohub.core.services import task_enqueue


def recipients(application) -> list[str]:
    """Who submitted it, and the applying organisation's focal points."""
    from metrohub.accounts.models import User

    users = User.objects.filter(
        organisation=application.organisation, groups__name=Role.FOCAL_POINT, is_active=True
    )
    emails = {user.email for user in users if user.email}
    if application.submitted_by and application.submitted_by.email:
        emails.add(application.submitted_by.email)
    return sorted(emails)


@task()
def notify_applicant(*, application_id: int, event: str, language: str = "en") -> int:
    """Tell the applicants their application was received, or what was decided."""
    from metrohub.calls.models import Application

    application = Application.objects.select_related("call", "organisation").get(pk=application_id)
    to = recipients(application)
    if not to:
        return 0
    with translation.override(language):
        context = {
            "application": application,
            "event": event,
            "url": reverse("calls:application", args=[application.pk]),
            **network(),
        }
        subject = render_to_string("calls/email/subject.txt", context).strip()
        body = render_to_string("calls/email/notice.txt", context)
    return send_mail(subject, body, None, to)


def notice_queue(*, actor, application, event: str, language: str) -> None:
    """Queue the mail to the applicants, once the change is committed, named for the page that
    follows it (`{% work_status "calls.application" application.pk %}`)."""
    from metrohub.calls.workflow import Status

    label = _("Mail to %(organisation)s's applicants: %(event)s") % {
        "organisation": application.organisation.name,
        "event": Status(event).label,
    }
    transaction.on_commit(
        lambda: task_enqueue(
            notify_applicant,
            requested_by=acting_user(actor),
            subject=f"calls.application:{application.pk}",
            label=label,
            application_id=application.pk,
            event=event,
            language=language,
        )
    )


work.register(notify_applicant, kind=work.Kind.MAIL, retry_rule=can_manage_calls)
