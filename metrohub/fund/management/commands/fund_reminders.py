from django.core.management.base import BaseCommand

from metrohub.fund.services import reminders_send


class Command(BaseCommand):
    help = (
        "Email grantees about progress reports that are overdue or due within --days days (once a day each)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14)

    def handle(self, *args, days: int, **options):
        sent = reminders_send(days_ahead=days)
        self.stdout.write(f"fund: sent {sent} reminder(s) of progress reports.")
