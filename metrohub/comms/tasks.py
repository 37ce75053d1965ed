"""Background work of communications, run by the task queue (django-tasks, database backend)."""

from django_tasks import task

from metrohub.comms import services
from metrohub.comms.permissions import can_manage_comms
from metrohub.core import work


@task()
def send_issue(issue_id: int, base_url: str) -> dict[str, int]:
    """Send a newsletter issue to its confirmed subscribers, one mail each."""
    return services.issue_deliver(issue_id=issue_id, base_url=base_url)


@task()
def send_confirmation(subscriber_id: int, base_url: str) -> None:
    """Send the link that confirms a subscription (double opt-in)."""
    services.confirmation_send(subscriber_id=subscriber_id, base_url=base_url)


work.register(send_issue, kind=work.Kind.NEWSLETTER, retry_rule=can_manage_comms)
work.register(send_confirmation, kind=work.Kind.MAIL, retry_rule=can_manage_comms)
