"""Releases on any node. A release's Parquet files and manifest go to Django's storage when it is
published (the storage alias `METROHUB_RELEASE_STORAGE`: local disk by default, S3 through
django-storages where several machines serve metrohub). Each node keeps a local copy with its
DuckDB file, a cache, never the source of truth:

- a node that lacks a release's folder fetches its files from storage, checks each against the
  checksum the Release row's manifest holds, builds the analytics database from them, and places
  the folder atomically;
- a folder already on the node is checked once per process before its first use;
- a release whose files fail their checksums is never served: `ReleaseUnavailable` says so, and
  nothing is placed.
"""

import hashlib
import json
import logging
import shutil
import threading
import uuid
from pathlib import Path

import duckdb
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.futures.analytics import lay_out_for_api
from metrohub.futures.models import Release
from metrohub.futures.storage import ANALYTICS_FILE, release_path

logger = logging.getLogger(__name__)
MANIFEST = "manifest.json"

_verified: set[str] = set()  # folders checked by this process (a cache of a check, not state)
_lock = threading.Lock()


class ReleaseUnavailable(DomainError):
    """A release this node cannot serve: its files are missing or fail their checksums."""


def release_storage():
    return storages[settings.METROHUB_RELEASE_STORAGE]


def stored_name(number: int, name: str) -> str:
    return f"futures/releases/{number}/{name}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def upload(folder: Path, number: int) -> None:
    """Put a release's files (every file its manifest lists: the Parquet tables and the data
    package) and the manifest into storage, before the release is recorded. A file left there by a
    publication of the same number that never committed is replaced."""
    storage = release_storage()
    listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    for path in [*(folder / name for name in sorted(listed)), folder / MANIFEST]:
        name = stored_name(number, path.name)
        if storage.exists(name):
            storage.delete(name)
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=path.name))
        if saved != name:  # pragma: no cover — a storage that renamed it could not be found again
            raise DomainError(_("The release's files could not be stored under their names."))


def _unavailable(release: Release, reason: str) -> ReleaseUnavailable:
    logger.error("futures: release %s cannot be served: %s", release.number, reason)
    return ReleaseUnavailable(
        _(
            "Release %(number)d cannot be served from this server: its files do not match their "
            "checksums. Nothing of it is shown; the secretariat has been told."
        )
        % {"number": release.number}
    )


def _check(release: Release, folder: Path) -> str | None:
    """What is wrong with a folder's Parquet files against the manifest, or None."""
    for name, entry in release.manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            return f"{name} is missing"
        if sha256(path) != entry.get("sha256"):
            return f"{name} does not match its checksum"
    return None


def _build(folder: Path, release: Release) -> None:
    """The analytics database from the verified Parquet files (stored in the order lookups use)."""
    con = duckdb.connect(str(folder / ANALYTICS_FILE), config={"threads": "2"})
    try:
        for name in release.manifest.get("files", {}):
            if not name.endswith(".parquet"):  # the data package: a download, not a table
                continue
            table = name.removesuffix(".parquet")
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{folder / name}')")
        lay_out_for_api(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _fetch(release: Release) -> None:
    target = release_path(release.directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.parent / f".fetching-{release.number}-{uuid.uuid4().hex[:12]}"
    building.mkdir()
    storage = release_storage()
    try:
        for name in [*release.manifest.get("files", {}), MANIFEST]:
            stored = stored_name(release.number, name)
            if not storage.exists(stored):
                raise _unavailable(release, f"{stored} is not in storage")
            with storage.open(stored, "rb") as source, (building / name).open("wb") as copy:
                shutil.copyfileobj(source, copy)
        problem = _check(release, building)
        if problem:
            raise _unavailable(release, problem)
        _build(building, release)
        building.rename(target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def ensure_local(release: Release) -> Release:
    """The release, once its folder on this node is there and its files pass their checksums."""
    folder = release_path(release.directory)
    # a folder checked before is trusted while its database is there (one stat per request); a
    # folder removed since (an operator, a clean-up) is fetched again
    if str(folder) in _verified and (folder / ANALYTICS_FILE).is_file():
        return release
    with _lock:
        if str(folder) in _verified and (folder / ANALYTICS_FILE).is_file():
            return release
        _verified.discard(str(folder))
        if not (folder / ANALYTICS_FILE).is_file():
            if folder.exists():  # a folder without its database: kept aside for an operator to see
                folder.rename(folder.with_name(f".incomplete-{folder.name}-{uuid.uuid4().hex[:8]}"))
            _fetch(release)
        else:
            problem = _check(release, folder)
            if problem:
                raise _unavailable(release, problem)
        _verified.add(str(folder))
    return release


def forget_checks() -> None:
    """Tests that replace release folders call this."""
    with _lock:
        _verified.clear()
