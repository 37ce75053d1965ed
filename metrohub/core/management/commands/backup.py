import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from metrohub.core.backup import backup_write
from metrohub.core.errors import DomainError


def default_folder() -> Path:
    """`<VAR_DIR>/backups`, made if needed and kept to its owner (mode 0700)."""
    folder = Path(settings.VAR_DIR) / "backups"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)  # made by an older version, or by hand: backups hold secrets
    return folder


class Command(BaseCommand):
    help = (
        "Write every record, the uploaded files and the Metro Futures releases to one .tar.gz file, "
        "readable by its owner only (it holds password hashes and second-factor secrets)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", help="default: <data folder>/backups/metrohub-<timestamp>.tar.gz"
        )

    def handle(self, *args, file=None, **options):
        if file:
            path = Path(file)
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        else:
            path = default_folder() / f"metrohub-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_write(path)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        records, files = sum(manifest["counts"].values()), len(manifest["files"])
        self.stdout.write(f"Backed up {records} records and {files} files to {path}")
