"""Backup, then restore into an empty database, gives back every record (SQLite and PostgreSQL)."""

import pytest
from django.core.management import call_command

from metrohub.core.backup import _counts, backup_restore, backup_write
from metrohub.core.errors import DomainError
from metrohub.datasets.loader import load_year
from metrohub.network.models import Office, Organisation
from metrohub.network.tests.factories import make_user


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database_gives_back_every_record(tmp_path, settings):
    # given the 2024 data, a user, and an uploaded file
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "note.txt").write_text("kept")
    load_year(2024)
    make_user("membership", username="kept-user")
    before = _counts()
    dakar = Organisation.objects.get(name="Dakar")
    # when it is backed up, the database emptied, and the backup restored
    backup_write(tmp_path / "backup.tar.gz")
    call_command("flush", interactive=False, verbosity=0)
    (settings.MEDIA_ROOT / "uploads" / "note.txt").unlink()
    assert Organisation.objects.count() == 0
    backup_restore(tmp_path / "backup.tar.gz")
    # then every record is back, with its values and relations
    assert _counts() == before
    restored = Organisation.objects.get(pk=dakar.pk)
    assert (restored.name, restored.latitude, restored.history.count()) == (dakar.name, dakar.latitude, 1)
    assert Office.objects.get(body__slug="presidency").person.name == "Barthélémy Dias"
    assert (settings.MEDIA_ROOT / "uploads" / "note.txt").read_text() == "kept"


def test_restore_refuses_a_database_that_holds_records(tmp_path, city):
    backup_write(tmp_path / "backup.tar.gz")
    with pytest.raises(DomainError, match="not empty"):
        backup_restore(tmp_path / "backup.tar.gz")
