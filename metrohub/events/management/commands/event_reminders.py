import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from metrohub.core.errors import DomainError
from metrohub.core.permissions import SYSTEM
from metrohub.events.models import Event
from metrohub.events.services import reminders_queue


class Command(BaseCommand):
    help = (
        "Queue the reminders of the events starting within --days days (run it daily, e.g. from cron). "
        "Each confirmed registration is reminded once, however often this runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=3)
        parser.add_argument("--base-url", default="", help="The site's address, for the links in the mail.")

    def handle(self, *args, days: int, base_url: str, **options):
        now = timezone.now()
        events = Event.objects.filter(
            capacity__isnull=False, start__gt=now, start__lte=now + dt.timedelta(days=days)
        ).order_by("start")
        queued = 0
        for event in events:
            try:
                queued += reminders_queue(actor=SYSTEM, event=event, base_url=base_url)
            except DomainError:  # nobody left to remind for this event
                continue
        self.stdout.write(f"events: queued {queued} reminder(s) for {events.count()} event(s).")
