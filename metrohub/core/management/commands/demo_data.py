from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule


def demo_generators() -> list[tuple[str, object]]:
    """Each app's synthetic generator: `metrohub/<app>/demo.py` with `generate(*, year, seed)`."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("metrohub.") and module_has_submodule(config.module, "demo"):
            found.append((config.label, import_module(f"{config.name}.demo").generate))
    return found


class Command(BaseCommand):
    help = (
        "Generate every app's synthetic demonstration data for a year (dues, calls, releases...), "
        "marked synthetic wherever it shows. Deterministic; running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2024)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, year: int, seed: int, **options):
        for label, generate in demo_generators():
            created = generate(year=year, seed=seed) or {}
            if not created:
                self.stdout.write(f"{label}: the synthetic data of {year} were already there; nothing added.")
            for what, count in created.items():
                self.stdout.write(f"{label}: added {count} synthetic {what}")
