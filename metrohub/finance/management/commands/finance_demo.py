from django.core.management.base import BaseCommand

from metrohub.finance import demo


class Command(BaseCommand):
    help = (
        "Generate synthetic dues (fee schedule, invoices, payments, waivers) for a year, marked "
        "synthetic everywhere. Deterministic; running it again adds nothing. --clear removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--clear", action="store_true", help="Remove every synthetic finance row.")

    def handle(self, *args, year: int, seed: int, clear: bool, **options):
        if clear:
            demo.clear()
            self.stdout.write("Synthetic finance rows removed.")
            return
        created = demo.generate(year=year, seed=seed)
        if not created:
            self.stdout.write(f"The synthetic dues of {year} were already generated; nothing added.")
        for what, count in created.items():
            self.stdout.write(f"{year}: added {count} synthetic {what}")
