"""Backup, then restore into a freshly migrated database, gives back every record and file.

The test database is freshly migrated: what a test writes inside `_then_forgotten()` is rolled
back after the backup, so the restore meets exactly what `migrate` leaves (roles, regions,
action lines, priorities) — no flush. tests/security/test_backup.py does the same between two
running sites and compares every page.
"""

import io
import json
import os
import stat
import tarfile
from contextlib import contextmanager

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from metrohub.core.backup import (
    WRITTEN_BY_MIGRATIONS,
    BackupRefused,
    backup_write,
    file_areas,
    record_counts,
)
from metrohub.core.models import ActionLine, Region
from metrohub.core.restore import backup_restore, records_in_the_way
from metrohub.core.testing import load_dataset_2024
from metrohub.network.models import Office, Organisation
from metrohub.network.tests.factories import OrganisationFactory, make_user

User = get_user_model()


@pytest.fixture(autouse=True)
def _futures_in_tmp(settings, tmp_path):
    settings.METROHUB_FUTURES_DIR = tmp_path / "futures"


class _Forget(Exception):
    pass


@contextmanager
def _then_forgotten():
    """Whatever the block writes in the database is rolled back when it ends."""
    try:
        with transaction.atomic():
            yield
            raise _Forget
    except _Forget:
        pass


def _write(path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _rewrite(source, target, *, manifest=None, member=None):
    """A copy of a backup with its manifest changed by `manifest(m)`, or one member's bytes
    replaced by `member = (name, bytes)`."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            payload = old.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                changed = json.loads(payload)
                manifest(changed)
                payload = json.dumps(changed).encode()
            if member and info.name == member[0]:
                payload = member[1]
            info.size = len(payload)
            new.addfile(info, io.BytesIO(payload))
    return target


@pytest.mark.django_db
def test_a_freshly_migrated_database_holds_only_what_migrations_write():
    # given the test database, freshly migrated
    # then the restore sees no record in its way, and each table it lets through has rows to replace
    assert records_in_the_way() == {}
    counts = {label.lower(): count for label, count in record_counts().items()}
    assert all(counts[label] for label in WRITTEN_BY_MIGRATIONS)


@pytest.mark.django_db
def test_backup_then_restore_into_a_freshly_migrated_database_gives_back_every_record(tmp_path, settings):
    # given the 2024 data, a user with a second factor, an uploaded file and a release's files
    note = file_areas()["media"] / "uploads" / "note.txt"
    parquet = file_areas()["futures"] / "releases" / "1" / "observations.parquet"
    with _then_forgotten():
        load_dataset_2024()
        user = make_user("finance", username="kept-user")
        user.authenticator_set.update(data={"secret": "JBSWY3DPEHPK3PXP"})
        Region.objects.filter(code="europe").update(name="Europe (renamed)")
        _write(note, "kept")
        _write(parquet, "PAR1…")
        before = record_counts()
        dakar = Organisation.objects.values().get(name="Dakar")
        # when it is backed up, and the database and files are lost
        backup_write(tmp_path / "backup.tar.gz")
    note.unlink()
    parquet.unlink()
    assert not Organisation.objects.exists() and Region.objects.get(code="europe").name == "Europe"
    restored = backup_restore(tmp_path / "backup.tar.gz")
    # then every record is back, with its primary key, values and relations, and every file
    assert record_counts() == before
    assert Organisation.objects.values().get(pk=dakar["id"]) == dakar
    assert Office.objects.get(body__slug="presidency").person.name == "Barthélémy Dias"
    kept = User.objects.get(username="kept-user")
    assert (kept.pk, kept.authenticator_set.get().data) == (user.pk, {"secret": "JBSWY3DPEHPK3PXP"})
    assert Group.objects.count() == 9 and kept.groups.get().name == "finance"
    # the migrations' rows are the backup's version, not duplicated
    assert Region.objects.get(code="europe").name == "Europe (renamed)"
    assert ActionLine.objects.count() == 5
    assert (note.read_text(), parquet.read_text(), restored.files) == ("kept", "PAR1…", 2)


@pytest.mark.django_db
def test_a_backup_is_readable_by_its_owner_only_whatever_the_umask(tmp_path, city):
    # given a umask that would let anyone read a new file
    previous = os.umask(0)
    try:
        # when a backup is written
        backup_write(tmp_path / "backup.tar.gz")
    finally:
        os.umask(previous)
    # then only its owner may read it, and no partial file is left beside it
    assert stat.S_IMODE((tmp_path / "backup.tar.gz").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.django_db
def test_backup_refuses_to_write_over_a_file(tmp_path, city):
    _write(tmp_path / "backup.tar.gz", "an older backup")
    with pytest.raises(BackupRefused, match="already exists"):
        backup_write(tmp_path / "backup.tar.gz")
    assert (tmp_path / "backup.tar.gz").read_text() == "an older backup"


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_records_and_changes_nothing(tmp_path, city):
    # given a database with a city on record, and a backup of another state
    with _then_forgotten():
        Organisation.objects.all().delete()
        make_user("membership", username="in-the-backup")
        backup_write(tmp_path / "backup.tar.gz")
    # when it is restored over the city, without --force
    with pytest.raises(BackupRefused, match=r"already holds records .*network.Organisation"):
        backup_restore(tmp_path / "backup.tar.gz")
    # then the city is still there and the backup's user is not
    assert Organisation.objects.filter(pk=city.pk).exists()
    assert not User.objects.filter(username="in-the-backup").exists()


@pytest.mark.django_db
def test_restore_with_force_replaces_every_record(tmp_path, city):
    with _then_forgotten():
        Organisation.objects.all().delete()
        make_user("membership", username="in-the-backup")
        backup_write(tmp_path / "backup.tar.gz")
    backup_restore(tmp_path / "backup.tar.gz", force=True)
    assert not Organisation.objects.exists()
    assert User.objects.filter(username="in-the-backup").exists()


@pytest.mark.django_db
def test_a_failed_restore_leaves_the_database_and_the_folders_as_they_were(tmp_path):
    # given a backup whose records do not load as its manifest says
    note = file_areas()["media"] / "note.txt"
    with _then_forgotten():
        make_user("membership", organisation=OrganisationFactory(name="Kept"))
        _write(note, "kept")
        backup_write(tmp_path / "backup.tar.gz")
    note.unlink()
    damaged = _rewrite(
        tmp_path / "backup.tar.gz",
        tmp_path / "damaged.tar.gz",
        manifest=lambda m: m["counts"].update({"network.Organisation": 2}),  # it holds one
    )
    assert Region.objects.exists()  # the migrations' rows, which a restore first clears
    regions = list(Region.objects.values())
    # when it is restored
    with pytest.raises(BackupRefused, match=r"do not match the backup's counts .*network.Organisation"):
        backup_restore(damaged)
    # then nothing was written, nothing cleared, and no file placed or left in staging
    assert list(Region.objects.values()) == regions and not Organisation.objects.exists()
    assert not note.exists()
    assert [p.name for p in note.parent.parent.iterdir() if p.name.startswith(".restore")] == []


@pytest.mark.django_db
def test_restore_refuses_a_file_that_does_not_match_its_checksum(tmp_path):
    with _then_forgotten():
        _write(file_areas()["media"] / "note.txt", "kept")
        backup_write(tmp_path / "backup.tar.gz")
    (file_areas()["media"] / "note.txt").unlink()
    damaged = _rewrite(
        tmp_path / "backup.tar.gz", tmp_path / "damaged.tar.gz", member=("files/media/note.txt", b"evil")
    )
    with pytest.raises(BackupRefused, match=r"damaged: files/media/note\.txt"):
        backup_restore(damaged)
    assert not (file_areas()["media"] / "note.txt").exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_named_outside_its_folder(tmp_path):
    with _then_forgotten():
        _write(file_areas()["media"] / "note.txt", "kept")
        backup_write(tmp_path / "backup.tar.gz")
    damaged = _rewrite(
        tmp_path / "backup.tar.gz",
        tmp_path / "damaged.tar.gz",
        manifest=lambda m: m["files"][0].update(path="../outside.txt"),
    )
    with pytest.raises(BackupRefused, match="outside its folder"):
        backup_restore(damaged)
    assert not (tmp_path / "outside.txt").exists()
