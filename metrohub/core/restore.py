"""Restore a backup written by `core.backup`: the way an operator restores after losing a server.

The target is a new data folder and a freshly migrated database. Migrations write a few rows
themselves (`backup.WRITTEN_BY_MIGRATIONS`: roles, regions, action lines, priorities); rather
than match them one by one, the restore empties every table the backup covers, those included,
and loads the backup's rows with their primary keys, in one transaction: the backup's version
of those rows wins, nothing is duplicated, and a failed restore leaves the database as it was.
Any other record in the database means it is not the empty one the restore expects: refused,
unless `force` (then the backup replaces every record).

Files are checked against the manifest's SHA-256, written into a staging folder beside their
area, and moved in place as the last step inside the transaction.
"""

import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core import serializers
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from metrohub.core.backup import (
    BLOCK,
    FORMAT,
    WRITTEN_BY_MIGRATIONS,
    BackupRefused,
    Hashing,
    applied_migrations,
    backed_up_models,
    file_areas,
    record_counts,
)


@dataclass
class Restored:
    manifest: dict
    files: int = 0
    notes: list[str] = field(default_factory=list)


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile("manifest.json").read())
    except (KeyError, AttributeError, ValueError) as exc:
        raise BackupRefused(_("This file is not a metrohub backup (it has no readable manifest).")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupRefused(
            _("This backup is in format %(found)s; this metrohub restores format %(format)s.")
            % {"found": manifest.get("format"), "format": FORMAT}
        )
    return manifest


def _checked(archive: tarfile.TarFile, name: str, size: int, sha256: str, into) -> None:
    """Copy an archive member into `into`, refusing it unless its size and SHA-256 are the manifest's."""
    try:
        member = archive.getmember(name)
    except KeyError:
        member = None
    if member is None or not member.isfile() or member.size != size:
        raise BackupRefused(_("The backup is damaged: %(name)s is missing or truncated.") % {"name": name})
    reader = Hashing(archive.extractfile(member))
    shutil.copyfileobj(reader, into, BLOCK)
    if reader.digest.hexdigest() != sha256:
        raise BackupRefused(
            _("The backup is damaged: %(name)s does not match its checksum.") % {"name": name}
        )


def _safe_relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if not path or relative.is_absolute() or ".." in relative.parts or "\\" in path:
        raise BackupRefused(_("The backup names a file outside its folder: %(path)s.") % {"path": path})
    return relative


def _sha256_of(path: Path) -> str:
    with path.open("rb") as handle:
        reader = Hashing(handle)
        while reader.read(BLOCK):
            pass
    return reader.digest.hexdigest()


@dataclass
class _Staged:
    """Files written beside their areas, checked, and moved in place once the records are in."""

    areas: dict[str, Path]
    force: bool
    folders: dict[str, Path] = field(default_factory=dict)
    moves: list[tuple[Path, Path]] = field(default_factory=list)
    placed: list[Path] = field(default_factory=list)

    def stage(self, archive: tarfile.TarFile, entry: dict) -> None:
        area = entry.get("area")
        if area not in self.areas:
            raise BackupRefused(
                _("The backup holds files of %(area)s, a folder this metrohub does not know.")
                % {"area": area}
            )
        relative = _safe_relative(entry.get("path", ""))
        target = self.areas[area].joinpath(*relative.parts)
        if target.exists() and not self.force:
            if target.is_file() and _sha256_of(target) == entry["sha256"]:
                return
            raise BackupRefused(
                _(
                    "%(path)s already exists with other content: restore into a new data folder, "
                    "or use --force."
                )
                % {"path": target}
            )
        if area not in self.folders:
            root = self.areas[area]
            root.parent.mkdir(parents=True, exist_ok=True)
            self.folders[area] = Path(tempfile.mkdtemp(dir=root.parent, prefix=f".restore-{root.name}-"))
        staged = self.folders[area].joinpath(*relative.parts)
        staged.parent.mkdir(parents=True, exist_ok=True)
        with staged.open("wb") as out:
            _checked(archive, f"files/{area}/{relative}", entry["size"], entry["sha256"], out)
        staged.chmod(entry.get("mode", 0o644) & 0o755)
        self.moves.append((staged, target))

    def place(self) -> None:
        try:
            for staged, target in self.moves:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
                self.placed.append(target)
        except OSError:
            for target in self.placed:
                target.unlink(missing_ok=True)
            raise

    def clean(self) -> None:
        for folder in self.folders.values():
            shutil.rmtree(folder, ignore_errors=True)


def records_in_the_way() -> dict[str, int]:
    """Records a restore would replace, other than those migrations write."""
    return {
        label: count
        for label, count in record_counts().items()
        if count and label.lower() not in WRITTEN_BY_MIGRATIONS
    }


def _clear() -> None:
    """Empty every table the backup covers. Foreign keys are checked at commit (Django declares
    them deferred on SQLite and PostgreSQL), so the order does not matter."""
    with connection.cursor() as cursor:
        for model in backed_up_models(include_auto_created=True):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def _load(data) -> None:
    """What `loaddata` does, from an open file (so no copy of the records is left on disk)."""
    loaded, deferred = set(), []
    # The backup holds the history as it was: simple-history must not add entries of its own when
    # many-to-many fields are set (its m2m_changed handler does not look at `raw`).
    with override_settings(SIMPLE_HISTORY_ENABLED=False), connection.constraint_checks_disabled():
        for item in serializers.deserialize("json", data, handle_forward_references=True):
            item.save(force_insert=True)  # the tables were emptied: one INSERT, no UPDATE first
            loaded.add(type(item.object))
            if item.deferred_fields:
                deferred.append(item)
        for item in deferred:
            item.save_deferred_fields()
    connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
            cursor.execute(statement)


def _load_records(archive: tarfile.TarFile, manifest: dict, *, force: bool) -> None:
    with tempfile.TemporaryFile() as data:  # 0600, and already unlinked
        _checked(archive, "data.json", manifest["data_size"], manifest["data_sha256"], data)
        data.seek(0)
        in_the_way = records_in_the_way()
        if in_the_way and not force:
            # the records themselves first, their history after
            first = sorted(in_the_way.items(), key=lambda item: (".Historical" in item[0], item[0]))
            named = ", ".join(f"{label}: {count}" for label, count in first[:6])
            raise BackupRefused(
                _(
                    "The database already holds records (%(records)s): restore into a freshly migrated "
                    "empty database, or use --force to replace every record with the backup's."
                )
                % {"records": named}
            )
        _clear()
        try:
            _load(data)
        except (DatabaseError, serializers.base.DeserializationError) as exc:
            raise BackupRefused(_("The records could not be loaded: %(reason)s") % {"reason": exc}) from exc
    counts = record_counts()
    if counts != manifest["counts"]:
        wrong = sorted(label for label in counts.keys() | manifest["counts"].keys()
                       if counts.get(label) != manifest["counts"].get(label))  # fmt: skip
        raise BackupRefused(
            _("The restored records do not match the backup's counts (%(models)s).")
            % {"models": ", ".join(wrong[:6])}
        )


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupRefused(
            _("%(path)s cannot be read as a backup: %(reason)s") % {"path": path, "reason": exc}
        ) from exc


def backup_restore(path: Path, *, force: bool = False) -> Restored:
    """Restore a backup into this database and these data folders. The database must hold no
    record but those migrations write, unless `force` (then the backup replaces every record)."""
    with _open(path) as archive:
        manifest = _read_manifest(archive)
        result = Restored(manifest=manifest)
        applied, theirs = set(applied_migrations()), set(manifest.get("migrations", []))
        if newer := sorted(theirs - applied):
            raise BackupRefused(
                _("The backup was made by a newer metrohub (migrations %(names)s): upgrade this one first.")
                % {"names": ", ".join(newer[:5])}
            )
        if older := sorted(applied - theirs):
            result.notes.append(f"The backup predates migrations {', '.join(older[:5])}; loaded as it is.")
        staged = _Staged(areas=file_areas(), force=force)
        try:
            for entry in manifest.get("files", []):
                staged.stage(archive, entry)
            with transaction.atomic():
                _load_records(archive, manifest, force=force)
                staged.place()
            result.files = len(staged.placed)
        finally:
            staged.clean()
    return result
