"""Back up and restore the whole of metrohub: every record, and the uploaded files.

A backup is one .tar.gz holding `data.json` (Django's serialisation of every model, with
natural keys, so it loads on SQLite or PostgreSQL alike), `media/` and `manifest.json`.
"""

import io
import json
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from metrohub.core.errors import DomainError

# Rebuilt by `migrate`, or worthless outside the running site.
SKIPPED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _counts() -> dict[str, int]:
    skipped = {label for label in SKIPPED if "." not in label}
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skipped and model._meta.label_lower not in SKIPPED
    }


def backup_write(path: Path) -> dict:
    data = io.StringIO()
    call_command(
        "dumpdata", natural_foreign=True, natural_primary=True, exclude=SKIPPED, stdout=data, verbosity=0
    )
    manifest = {"created_at": timezone.now().isoformat(), "counts": _counts(), "format": 1}
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz") as archive:
        for name, text in (("data.json", data.getvalue()), ("manifest.json", json.dumps(manifest, indent=2))):
            payload = text.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
        if media.exists():
            archive.add(media, arcname="media")
    return manifest


def backup_restore(path: Path) -> dict:
    """Load a backup into an empty, migrated database. Refuses a database that holds records."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = json.loads(archive.extractfile("manifest.json").read())
        data = archive.extractfile("data.json").read()
        occupied = [
            label
            for label, count in _counts().items()
            if count and label not in {"core.Region", "auth.Group"}  # written by migrations
        ]
        if occupied:
            raise DomainError(
                f"The database is not empty ({', '.join(occupied[:5])}…); restore needs an empty one."
            )
        fixture = Path(settings.VAR_DIR) / f"restore-{timezone.now():%Y%m%d%H%M%S}.json"
        fixture.write_bytes(data)
        try:
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
        finally:
            fixture.unlink(missing_ok=True)
        media_members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
        for member in media_members:
            target = Path(settings.MEDIA_ROOT) / Path(member.name).relative_to("media")
            if not target.resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve()):
                raise DomainError(f"Refusing a file outside the media folder: {member.name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.extractfile(member).read())
    return manifest
