from django.core.management.base import BaseCommand

from metrohub.core.permissions import SYSTEM
from metrohub.finance.dues.services import reminders_send


class Command(BaseCommand):
    help = (
        "Queue a reminder, with its invoice, to every member whose dues are in arrears, unless one "
        "was sent in the last --every days (run it daily, from cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=30, help="days between two reminders of one invoice")

    def handle(self, *args, every: int, **options):
        queued = reminders_send(actor=SYSTEM, not_within_days=every)
        self.stdout.write(f"finance: queued {queued} reminder(s) of unpaid dues.")
