from django.core.management.base import BaseCommand

from metrohub.core.services import task_enqueue
from metrohub.finance.tasks import remind_reporting_dates


class Command(BaseCommand):
    help = (
        "Queue the reminders of reports owed to partners, overdue or due within --days days (once a "
        "day each): run daily from cron; the worker sends them and /work/ shows the work."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)

    def handle(self, *args, days: int, **options):
        task_enqueue(
            remind_reporting_dates,
            days_ahead=days,
            subject="finance.reporting",
            label="Reminders of reports owed to partners",
        )
        self.stdout.write("finance: the reminders of reports owed to partners are queued.")
