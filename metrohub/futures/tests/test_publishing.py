"""Publishing as a task under a lock: one at a time, a failure cleans only its own files, a dead
publication does not keep the lock, a published release is never touched."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from metrohub.core.errors import DomainError
from metrohub.futures import release_writer
from metrohub.futures.models import Publication, Release
from metrohub.futures.services import (
    PublicationAbandoned,
    PublicationRunning,
    observations_import,
    publication_preview,
    publication_request,
    publication_run,
    release_publish,
)
from metrohub.futures.storage import futures_root
from metrohub.futures.tests.helpers import GOOD_ROWS, revise_an_observation, tidy_csv


@pytest.fixture
def drafts(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))


@pytest.fixture
def first_release(drafts, policy_staff):
    return release_publish(actor=policy_staff, note="first")


def tree(root=None) -> dict[str, str]:
    """Every file under the releases folder, with its SHA-256."""
    root = root or futures_root() / "releases"
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_second_request_while_one_is_under_way_is_refused_with_its_reason(drafts, policy_staff):
    # given a publication queued (the worker has not run it yet)
    first = publication_request(actor=policy_staff, note="one")
    # when another is asked for
    with pytest.raises(PublicationRunning, match="already under way \\(release 1"):
        publication_request(actor=policy_staff, note="two")
    # then there is still one publication, and it holds the lock
    assert list(Publication.objects.values_list("pk", "active")) == [(first.pk, True)]


def test_the_task_publishes_the_release_and_frees_the_lock(
    drafts, policy_staff, django_capture_on_commit_callbacks
):
    # when a publication is requested and the task runs (tasks run at once in tests)
    with django_capture_on_commit_callbacks(execute=True):
        job = publication_request(actor=policy_staff, note="first", expected_number=1)
    # then release 1 is published, the job says so, and the lock is free again
    job.refresh_from_db()
    assert (job.state, job.active, job.progress, job.release.number) == ("done", None, 100, 1)
    assert Release.objects.get().published_by == policy_staff
    assert sorted(tree()) == sorted(f"1/{name}" for name in tree(futures_root() / "releases" / "1"))
    revise_an_observation()
    assert publication_request(actor=policy_staff).number == 2


def test_a_failing_publication_leaves_no_files_and_frees_the_lock(first_release, policy_staff, monkeypatch):
    before = tree()
    assert "1/manifest.json" in before
    # given a correction, and a disk that fills up after two Parquet files of release 2 are written
    revise_an_observation()
    written = []
    real_write = release_writer.pq.write_table

    def write_then_fail(table, path, **kwargs):
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        written.append(path)
        real_write(table, path, **kwargs)

    monkeypatch.setattr(release_writer.pq, "write_table", write_then_fail)
    # when release 2 is published
    with pytest.raises(OSError, match="No space left"):
        release_publish(actor=policy_staff, note="second")
    # then it wrote files, but none is left; release 1's files are untouched
    assert len(written) == 2
    assert tree() == before
    assert not Release.objects.filter(number=2).exists()
    failed = Publication.objects.get(number=2)
    assert failed.state == "failed" and failed.active is None
    assert "nothing was published" in failed.error
    # and the lock is free: the next publication goes through
    monkeypatch.setattr(release_writer.pq, "write_table", real_write)
    assert release_publish(actor=policy_staff).number == 2
    assert {k: v for k, v in tree().items() if k.startswith("1/")} == before


def test_a_stale_publication_is_taken_over_and_publishes_nothing_if_it_wakes(drafts, policy_staff, settings):
    settings.METROHUB_PUBLICATION_STALE_SECONDS = 600
    # given a publication queued twenty minutes ago that never showed a sign of life since
    dead = publication_request(actor=policy_staff, note="worker died")
    Publication.objects.filter(pk=dead.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=20))
    # when another is requested, it takes the lock over
    fresh = publication_request(actor=policy_staff, note="again")
    dead.refresh_from_db()
    assert (dead.state, dead.active) == ("failed", None)
    assert "No sign of life for 10 minutes" in dead.error
    assert fresh.active is True
    # and if the old task still runs later, it does nothing
    assert publication_run(publication_id=dead.pk) is None
    assert not Release.objects.exists() and not (futures_root() / "releases").exists()


def test_a_live_publication_is_not_taken_over(drafts, policy_staff, settings):
    settings.METROHUB_PUBLICATION_STALE_SECONDS = 600
    alive = publication_request(actor=policy_staff)
    Publication.objects.filter(pk=alive.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=9))
    with pytest.raises(PublicationRunning, match="A publication is already under way"):
        publication_request(actor=policy_staff)


def test_a_publication_taken_over_while_running_stops_and_leaves_no_files(
    first_release, policy_staff, monkeypatch
):
    before = tree()
    revise_an_observation()
    real_snapshot = release_writer.snapshot

    def snapshot_then_lose_the_lock():
        tables = real_snapshot()
        # meanwhile another process decided this one was dead and took the lock
        Publication.objects.filter(active=True).update(state="failed", active=None, error="taken over")
        return tables

    monkeypatch.setattr("metrohub.futures.publishing.snapshot", snapshot_then_lose_the_lock)
    with pytest.raises(PublicationAbandoned, match="taken over"):
        release_publish(actor=policy_staff)
    assert tree() == before
    assert Release.objects.count() == 1


def test_a_folder_left_at_the_release_place_is_put_aside_never_deleted(first_release, policy_staff):
    # given a folder at release 2's place that no release refers to (a crash of an older version)
    orphan = futures_root() / "releases" / "2"
    orphan.mkdir()
    (orphan / "leftover.txt").write_text("look at me")
    revise_an_observation()
    # when release 2 is published
    release = release_publish(actor=policy_staff)
    # then the release is in place and the leftover was moved aside, not deleted
    assert (futures_root() / release.directory / "manifest.json").exists()
    aside = list((futures_root() / "releases").glob(".orphaned-2-*/leftover.txt"))
    assert [p.read_text() for p in aside] == ["look at me"]


def test_a_confirmation_for_a_number_already_taken_is_refused(first_release, policy_staff):
    with pytest.raises(DomainError, match="Release 1 has been published since you looked"):
        publication_request(actor=policy_staff, expected_number=1)
    assert not Publication.objects.filter(number=2).exists()


def test_nothing_to_publish_is_refused_before_the_lock(cities, policy_staff):
    with pytest.raises(DomainError, match="nothing to publish"):
        publication_request(actor=policy_staff)
    assert not Publication.objects.exists()


def test_a_release_that_would_change_nothing_is_refused_with_its_reason(first_release, policy_staff):
    # given release 1, and no draft changed since
    before = tree()
    # when release 2 is asked for, queued or at once, it is refused before the lock, saying why
    for publish in (publication_request, release_publish):
        with pytest.raises(DomainError, match="Nothing changed since release 1: there is nothing to publish"):
            publish(actor=policy_staff)
    assert not Publication.objects.filter(number=2).exists()
    assert Release.objects.count() == 1 and tree() == before
    # and the preview says the same, for the confirmation page
    preview = publication_preview()
    assert preview["number"] == 2 and "Nothing changed since release 1" in preview["refusal"]


def test_the_preview_counts_what_the_next_release_changes(first_release, policy_staff):
    revise_an_observation()
    preview = publication_preview()
    assert preview["refusal"] is None
    assert preview["changes"]["observations"] == {"added": 0, "removed": 0, "revised": 1}
    assert release_publish(actor=policy_staff).manifest["changes"]["observations"]["revised"] == 1
