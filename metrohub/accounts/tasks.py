"""The invitation mail, sent by the task queue (django-tasks) once the invitation is committed."""

from django_tasks import task

from metrohub.accounts.permissions import can_manage_focal_points
from metrohub.core import work
from metrohub.core.permissions import SYSTEM


@task()
def deliver_invitation(*, invitation_id: int, base_url: str, language: str = "en") -> int:
    """Mail a focal point's invitation with a fresh link (the token is made here, not queued)."""
    from metrohub.accounts.services import invitation_deliver

    return invitation_deliver(actor=SYSTEM, invitation_id=invitation_id, base_url=base_url, language=language)


work.register(deliver_invitation, kind=work.Kind.MAIL, retry_rule=can_manage_focal_points)
