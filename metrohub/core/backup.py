"""Back up and restore the whole of metrohub: every record, every uploaded file, every release.

A backup is one .tar.gz, readable by its owner only (it holds password hashes and second-factor
secrets): `data.json` (Django's serialisation of every record, primary keys kept, references to
content types and permissions by natural key, so it loads on SQLite or PostgreSQL alike),
`files/<area>/...` (MEDIA_ROOT as `media`, and each folder an app declares with a
`backup_folders()` method on its AppConfig, such as Metro Futures' releases: Parquet, manifests
and the DuckDB file each release is read from), and `manifest.json` last (record counts, applied
migrations, and each file's size and SHA-256, which the restore checks).

A restore (`core.restore`) loads it into a freshly migrated empty database and a new data
folder, the way an operator restores after losing a server. Content types and permissions are
not in the backup: `migrate` writes them on every machine, and the backup names them by natural
key. Users keep their primary keys (no natural primary keys), so every page and link that shows
one is the same after a restore.
"""

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError

FORMAT = 2
# Written by `migrate` on every machine (and referred to by natural key), or worthless elsewhere.
SKIPPED = ["contenttypes", "auth.permission", "sessions"]
# Rows that data migrations write into an empty database: a restore replaces them.
WRITTEN_BY_MIGRATIONS = {"auth.group", "core.region", "core.actionline", "core.thematicpriority"}
BLOCK = 1 << 20


class BackupRefused(DomainError):
    """A backup or restore that would lose or mix data: nothing was changed."""


def _skipped(model) -> bool:
    return model._meta.app_label in SKIPPED or model._meta.label_lower in SKIPPED


def backed_up_models(*, include_auto_created: bool = False) -> list:
    """The models whose rows a backup holds (with their many-to-many tables if asked)."""
    return [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if model._meta.managed and not model._meta.proxy and not _skipped(model)
    ]


def record_counts() -> dict[str, int]:
    """Rows per backed-up model, counted through the base manager (no manager filter hides any)."""
    return {model._meta.label: model._base_manager.count() for model in backed_up_models()}


def file_areas() -> dict[str, Path]:
    """The folders a backup holds, by name: uploaded files, and each app's declared folders."""
    areas = {"media": Path(settings.MEDIA_ROOT)}
    for config in apps.get_app_configs():
        declared = getattr(config, "backup_folders", None)
        if declared:
            areas.update({name: Path(path) for name, path in declared().items()})
    return areas


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _area_files(root: Path):
    """Regular files under `root`, sorted; folders whose name starts with a dot are work in
    progress (a release being built) and are left out."""
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


class Hashing:
    """A file reader that hashes what passes through it (each file is read once)."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size=-1):
        block = self.handle.read(size)
        self.digest.update(block)
        self.size += len(block)
        return block


def _add(archive: tarfile.TarFile, name: str, handle, size: int, mode: int = 0o600) -> str:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, mode, int(timezone.now().timestamp())
    reader = Hashing(handle)
    archive.addfile(info, reader)
    if reader.size != size:
        raise BackupRefused(
            _("%(name)s changed while it was being backed up: run the backup again.") % {"name": name}
        )
    return reader.digest.hexdigest()


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a restore must give back the microseconds
    (pages and the API show them, and order by them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _records():
    """Every backed-up record, models in the order natural keys need (as `dumpdata` sorts them)."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    wanted = set(backed_up_models())
    for model in serializers.sort_dependencies(app_list, allow_cycles=True):
        if model in wanted:
            yield from model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)


def _dump_records(into) -> tuple[dict[str, int], list[str]]:
    """Every record, as one consistent snapshot: one transaction (repeatable read on PostgreSQL,
    SQLite's read transaction is one already), so a write during the backup is in it or not."""
    outermost = not connection.in_atomic_block  # else the caller's transaction decides
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        counts = record_counts()
        text = io.TextIOWrapper(into, encoding="utf-8", write_through=True)
        serializers.serialize(
            "json", _records(), stream=text, use_natural_foreign_keys=True, cls=ExactEncoder
        )
        text.flush()
        text.detach()
        return counts, applied_migrations()


def backup_write(path: Path) -> dict:
    """Write a backup to `path` (which must not exist yet); returns its manifest. The file is
    created readable and writable by its owner only, and appears at `path` only when complete."""
    path = Path(path)
    if path.exists():
        raise BackupRefused(_("%(path)s already exists: choose another file name.") % {"path": path})
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "files": []}
    # mkstemp creates the file with mode 0600, whatever the umask: never readable by others.
    descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            # Records first, then files: a release is on disk before its row is written, so every
            # release row in the dump has its folder when the files are copied.
            with tempfile.TemporaryFile() as data:  # 0600, and already unlinked
                manifest["counts"], manifest["migrations"] = _dump_records(data)
                size = data.tell()
                data.seek(0)
                manifest["data_size"], manifest["data_sha256"] = size, _add(archive, "data.json", data, size)
            for area, root in file_areas().items():
                for file in _area_files(root):
                    relative = file.relative_to(root).as_posix()
                    with file.open("rb") as source:
                        stat = os.fstat(source.fileno())
                        digest = _add(
                            archive, f"files/{area}/{relative}", source, stat.st_size, stat.st_mode & 0o755
                        )
                    manifest["files"].append(
                        {"area": area, "path": relative, "size": stat.st_size, "sha256": digest,
                         "mode": stat.st_mode & 0o755}
                    )  # fmt: skip
            payload = json.dumps(manifest, indent=2).encode("utf-8")
            with tempfile.TemporaryFile() as raw:
                raw.write(payload)
                raw.seek(0)
                _add(archive, "manifest.json", raw, len(payload))
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            raise BackupRefused(_("%(path)s already exists: choose another file name.") % {"path": path})
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return manifest
