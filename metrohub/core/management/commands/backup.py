from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from metrohub.core.backup import backup_write


class Command(BaseCommand):
    help = "Write every record and the uploaded files to one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="default: var/backups/metrohub-<timestamp>.tar.gz")

    def handle(self, *args, file=None, **options):
        from django.conf import settings

        path = (
            Path(file)
            if file
            else Path(settings.VAR_DIR) / "backups" / f"metrohub-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup_write(path)
        self.stdout.write(f"Backed up {sum(manifest['counts'].values())} records to {path}")
