from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from metrohub.core.errors import DomainError
from metrohub.core.restore import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `backup` into a freshly migrated empty database and its data "
        "folder (the database is migrated first). All or nothing: a failed restore changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore into a database that holds records: every record is replaced by the backup's.",
        )

    def handle(self, *args, file: str, force: bool = False, **options):
        call_command("migrate", verbosity=0)
        try:
            restored = backup_restore(Path(file), force=force)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for note in restored.notes:
            self.stdout.write(note)
        records = sum(restored.manifest["counts"].values())
        self.stdout.write(f"Restored {records} records and {restored.files} files from {file}")
