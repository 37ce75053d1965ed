"""Background work of finance, run by the task queue (django-tasks, database backend)."""

from django_tasks import task

from metrohub.core import work
from metrohub.finance import services
from metrohub.finance.permissions import can_manage_finance


@task()
def remind_reporting_dates(days_ahead: int = 14) -> int:
    """Remind the finance team of the reports owed to partners that are due soon or overdue."""
    return services.reporting_reminders_send(days_ahead=days_ahead)


work.register(remind_reporting_dates, kind=work.Kind.REMINDER, retry_rule=can_manage_finance)
