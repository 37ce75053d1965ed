import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from metrohub.core.imports.held import HOLD_HOURS, delete_held


class Command(BaseCommand):
    help = (
        "Delete the import uploads held for a confirmation that never came: every one past its expiry "
        f"or held longer than --hours (default {HOLD_HOURS}). Run it hourly from cron or a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=HOLD_HOURS, help="delete uploads held this long")

    def handle(self, *args, hours: int, **options):
        if hours < 0:
            raise CommandError("--hours must be 0 or more.")
        deleted = delete_held(older_than=dt.timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} held upload(s).")
