"""Publishing's machinery: the lock, the progress, and the files placed atomically. The services
(`services.publication_request`, `publication_run`, `release_publish`) drive it.

- The lock is a database row (`Publication.active`, unique), so it holds across processes and
  machines. A second request while one is under way is refused with `PublicationRunning`, saying
  which one. A publication whose last sign of life is older than
  `METROHUB_PUBLICATION_STALE_SECONDS` (a worker that died, or no worker for that long) is taken
  over by the next request; if it wakes up, it finds it no longer holds the lock and stops before
  publishing anything.
- `build_and_place` builds the release in a folder of its own (`release_writer`), then, in one
  transaction, saves the Release row (its number is unique) and renames the folder into place. A
  failure removes only that folder: never a published release's, never another publication's.
"""

import datetime as dt
import json
import logging
import os
import shutil
import stat
import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.permissions import acting_user
from metrohub.core.services import task_progress
from metrohub.futures.datapackage import file_entry, write_package
from metrohub.futures.models import Observation, Publication, Release
from metrohub.futures.release_files import upload
from metrohub.futures.release_writer import nothing_changed, pending_changes, snapshot, write_release
from metrohub.futures.selectors import publication_current, release_next_number
from metrohub.futures.storage import futures_root

logger = logging.getLogger(__name__)


class PublicationRunning(DomainError):
    """Another publication holds the lock."""

    def __init__(self, publication: Publication) -> None:
        self.publication = publication
        super().__init__(
            _(
                "A publication is already under way (release %(number)d, requested %(when)s): "
                "wait for it to finish, then publish again if needed."
            )
            % {"number": publication.number, "when": publication.requested_at.strftime("%Y-%m-%d %H:%M UTC")}
        )


class PublicationAbandoned(DomainError):
    """This publication was taken over as stale: it must not publish."""


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.METROHUB_PUBLICATION_STALE_SECONDS)


def _abandon_if_stale(publication: Publication) -> bool:
    """Mark a publication with no sign of life for too long as failed; True if it was."""
    now = timezone.now()
    return bool(
        Publication.objects.filter(
            pk=publication.pk, active=True, heartbeat_at__lt=now - stale_after()
        ).update(
            state=Publication.State.FAILED,
            active=None,
            step="failed",
            finished_at=now,
            error=_(
                "No sign of life for %(minutes)d minutes: a new publication took over. Nothing was "
                "published by this one."
            )
            % {"minutes": stale_after().total_seconds() // 60},
        )
    )


def take_lock(*, actor, note: str) -> Publication:
    """The lock: a new active Publication row, unless another is under way and alive."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Publication.objects.create(
                    number=release_next_number(),
                    note=note,
                    requested_by=acting_user(actor),
                    heartbeat_at=timezone.now(),
                )
        except IntegrityError:
            current = publication_current()
            if current is not None and not _abandon_if_stale(current):
                raise PublicationRunning(current) from None
    current = publication_current()
    if current is not None:
        raise PublicationRunning(current)
    raise DomainError(_("The publication could not start: try again."))  # pragma: no cover


def ensure_drafts() -> None:
    if not Observation.objects.exists():
        raise DomainError(_("There is nothing to publish: import observations first."))


def latest_release() -> Release | None:
    return Release.objects.order_by("-number").first()


def ensure_changes() -> dict:
    """What the next release would change; refused when nothing changed since the last one (a
    release repeating the previous one would still be public and permanent)."""
    previous = latest_release()
    changes = pending_changes(previous)
    if nothing_changed(changes):
        raise DomainError(
            _(
                "Nothing changed since release %(number)d: there is nothing to publish. Import new "
                "or corrected observations, strategies or cities first."
            )
            % {"number": previous.number}
        )
    return changes


def _beat(publication: Publication, step: str, progress: int) -> None:
    """Record progress and a sign of life; stop if the lock was taken over meanwhile."""
    updated = Publication.objects.filter(
        pk=publication.pk, state=Publication.State.RUNNING, active=True
    ).update(step=step, progress=progress, heartbeat_at=timezone.now())
    if not updated:
        raise PublicationAbandoned(_("This publication was taken over by another: it stopped."))
    task_progress(done=progress, total=100)  # the background-work page shows it too


def _finish(publication: Publication, **fields) -> None:
    now = timezone.now()
    Publication.objects.filter(pk=publication.pk).update(
        active=None, finished_at=now, heartbeat_at=now, **fields
    )


def claim(*, publication_id: int) -> Publication | None:
    """Mark a queued publication running and return it; None if it is no longer queued: taken
    over as stale, or delivered twice."""
    now = timezone.now()
    claimed = Publication.objects.filter(
        pk=publication_id, state=Publication.State.QUEUED, active=True
    ).update(state=Publication.State.RUNNING, started_at=now, heartbeat_at=now, step="snapshot", progress=2)
    if not claimed:
        return None
    return Publication.objects.select_related("requested_by").get(pk=publication_id)


def fail(publication: Publication, exc: Exception) -> None:
    """Record why a publication failed, and free the lock."""
    message = (
        exc.message
        if isinstance(exc, DomainError)
        else _("The publication failed (%(error)s): nothing was published. The worker's log has the details.")
        % {"error": type(exc).__name__}
    )
    _finish(publication, state=Publication.State.FAILED, step="failed", error=message)


def _make_read_only(directory: Path) -> None:
    for path in directory.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def _put_aside(target: Path) -> None:
    """A folder at a release's place with no release recorded (left by a crash of an older
    version): moved aside, never deleted, so an operator can look at it."""
    aside = target.with_name(f".orphaned-{target.name}-{uuid.uuid4().hex[:8]}")
    os.rename(target, aside)
    logger.warning("futures: %s held no recorded release; moved to %s", target, aside)


def build_and_place(publication: Publication) -> Release:
    number = publication.number
    releases = futures_root() / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    # A folder of its own, on the same file system as its place, so that the rename is atomic.
    building = releases / f".building-{publication.pk}-{uuid.uuid4().hex[:12]}"
    target = releases / str(number)
    placed = False
    try:
        if Release.objects.filter(number=number).exists():
            raise DomainError(_("Release %(number)d exists already: publish again.") % {"number": number})
        ensure_drafts()
        previous = Release.objects.filter(number__lt=number).order_by("-number").first()
        tables = snapshot()
        published_at = timezone.now()
        manifest = write_release(
            building,
            tables,
            previous,
            on_step=lambda step, share: _beat(publication, step, 10 + int(80 * share)),
        )
        manifest = {"release": number, "published_at": published_at.isoformat(), **manifest}
        _beat(publication, "package", 90)
        package = write_package(building, manifest)
        manifest["files"][package.name] = file_entry(package)
        _beat(publication, "manifest", 94)
        (building / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _make_read_only(building)
        upload(building, number)  # to storage, where every other node finds it
        _beat(publication, "placing", 96)
        with transaction.atomic():
            # Still ours? A publication taken over as stale must not publish.
            if (
                not Publication.objects.select_for_update()
                .filter(pk=publication.pk, state=Publication.State.RUNNING, active=True)
                .exists()
            ):
                raise PublicationAbandoned(_("This publication was taken over by another: it stopped."))
            release = Release(
                number=number,
                published_at=published_at,
                published_by=publication.requested_by,
                note=publication.note,
                directory=f"releases/{number}",
                manifest=manifest,
                synthetic=manifest["synthetic"],
            )
            release.save()  # the number is unique: a second release N stops here, before any file moves
            if target.exists():
                _put_aside(target)
            os.rename(building, target)  # refuses a target that appeared meanwhile with files in it
            placed = True
            _finish(publication, state=Publication.State.DONE, step="done", progress=100, release=release)
            task_progress(done=100, total=100)
        return release
    except BaseException:
        if placed:  # the transaction did not commit: no row refers to the folder, which is ours
            os.rename(target, building)
        shutil.rmtree(building, ignore_errors=True)
        raise
