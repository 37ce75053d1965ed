from django.core.management.base import BaseCommand, CommandError

from metrohub.core.datasets import load_year


class Command(BaseCommand):
    help = "Load a year's source data (metrohub/datasets/<year>/). Running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year: int, **options):
        try:
            report = load_year(year)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not report.created:
            self.stdout.write(f"The {year} data were already loaded; nothing added.")
        for what, count in report.created.items():
            self.stdout.write(f"{year}: added {count} {what}")
