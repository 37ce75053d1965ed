"""Background work of finance, run by the task queue (django-tasks, database backend)."""

from django_tasks import task

from metrohub.core import work
from metrohub.core.permissions import SYSTEM
from metrohub.core.services import task_progress
from metrohub.finance import services
from metrohub.finance.dues import services as dues
from metrohub.finance.permissions import can_manage_finance


@task()
def send_dues_mail(invoice_ids: list[int], kind: str) -> dict[str, int]:
    """Mail invoices (or reminders) to the members' focal points, each with its PDF, and record
    each mailing on its invoice."""
    sent = failed = 0
    for done, invoice_id in enumerate(invoice_ids, start=1):
        dispatch = dues.dispatch_send(invoice_id=invoice_id, kind=kind)
        failed += bool(dispatch.failure)
        sent += not dispatch.failure
        task_progress(done=done, total=len(invoice_ids))
    return {"sent": sent, "not_sent": failed}


work.register(send_dues_mail, kind=work.Kind.MAIL, retry_rule=can_manage_finance)


@task()
def remind_reporting_dates(days_ahead: int = 14) -> int:
    """Remind the finance team of the reports owed to partners that are due soon or overdue."""
    return services.reporting_reminders_send(actor=SYSTEM, days_ahead=days_ahead)


work.register(remind_reporting_dates, kind=work.Kind.REMINDER, retry_rule=can_manage_finance)
