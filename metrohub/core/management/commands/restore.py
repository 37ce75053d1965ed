from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from metrohub.core.backup import backup_restore
from metrohub.core.errors import DomainError


class Command(BaseCommand):
    help = "Restore a backup written by `backup` into an empty database (it is migrated first)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        call_command("migrate", verbosity=0)
        try:
            manifest = backup_restore(Path(file))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Restored {sum(manifest['counts'].values())} records from {file}")
