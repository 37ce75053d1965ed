"""Uploads held between an import's preview and its confirmation: in the storage every web node
shares, found by token and checksum for their owner only, and deleted once abandoned."""

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from metrohub.core.imports import held as store
from metrohub.network.tests.factories import make_user

CONTENT = b"name,country,region\nVille Nouvelle,FR,europe\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


def stored_names() -> list[str]:
    try:
        return sorted(store.held_storage().listdir(store.FOLDER)[1])
    except FileNotFoundError:
        return []


@pytest.fixture
def owner(db):
    return make_user("membership", username="owner")


def test_a_held_upload_is_found_by_its_token_and_checksum_for_its_owner_only(owner):
    # given an upload held for its owner
    held = store.hold(flow="network", kind="organisations", owner=owner, file_name="new.csv", content=CONTENT)
    assert held.sha256 == SHA and len(held.token) == 32
    # when its owner asks for it (as a fresh load, as another web node would)
    found = store.held_upload(token=held.token, sha256=SHA, owner=owner, flow="network")
    # then the same bytes come back, with what the preview knew
    assert (found.read(), found.file_name, found.kind) == (CONTENT, "new.csv", "organisations")
    # and nobody else, nor another import's confirmation, nor a wrong checksum finds it
    other = make_user("membership", username="other")
    refusals = [
        {"token": held.token, "sha256": SHA, "owner": other, "flow": "network"},
        {"token": held.token, "sha256": SHA, "owner": owner, "flow": "futures"},
        {"token": held.token, "sha256": "0" * 64, "owner": owner, "flow": "network"},
        {"token": "../" + held.token[3:], "sha256": SHA, "owner": owner, "flow": "network"},
    ]
    for asked in refusals:
        with pytest.raises(store.NothingHeld, match=r"^Nothing to import: upload the file again\.$"):
            store.held_upload(**asked)


def test_bytes_changed_in_the_store_are_not_imported(owner):
    held = store.hold(flow="network", kind="organisations", owner=owner, file_name="a.csv", content=CONTENT)
    storage = store.held_storage()
    storage.delete(f"{store.FOLDER}/{held.token}.upload")
    storage.save(f"{store.FOLDER}/{held.token}.upload", ContentFile(b"name\nOther\n"))
    with pytest.raises(store.NothingHeld, match="Nothing to import"):
        store.held_upload(token=held.token, sha256=SHA, owner=owner, flow="network")


def test_expired_and_abandoned_uploads_are_deleted_and_fresh_ones_kept(owner):
    # given an upload held a day ago (expired), a fresh one, and a piece left alone by a crash
    old = store.hold(flow="network", kind="people", owner=owner, file_name="old.csv", content=b"old")
    fresh_time = timezone.now() + dt.timedelta(hours=25)
    storage = store.held_storage()
    storage.save(f"{store.FOLDER}/{'x' * 32}.upload", ContentFile(b"orphan"))
    assert len(stored_names()) == 4  # old's bytes, its description, its pointer; the orphan
    # when the clean-up runs 25 hours later
    deleted = store.delete_held(now=fresh_time)
    # then nothing is left, and the old upload can no longer be confirmed
    assert deleted == 2
    assert stored_names() == []
    with pytest.raises(store.NothingHeld, match="Nothing to import"):
        store.held_upload(token=old.token, sha256=old.sha256, owner=owner, flow="network")


def test_the_clean_up_keeps_uploads_still_waiting(owner):
    held = store.hold(flow="network", kind="people", owner=owner, file_name="a.csv", content=CONTENT)
    assert store.delete_held(older_than=dt.timedelta(hours=1)) == 0
    assert store.held_upload(token=held.token, sha256=SHA, owner=owner, flow="network").read() == CONTENT


def test_the_command_deletes_uploads_held_longer_than_the_hours_given(owner, capsys):
    # given two uploads waiting for a confirmation
    for name in ("a.csv", "b.csv"):
        store.hold(flow="network", kind="people", owner=owner, file_name=name, content=name.encode())
    assert len(stored_names()) == 6
    # when the command runs with --hours 1: both are kept; with --hours 0: both go
    call_command("delete_held_uploads", "--hours", "1")
    assert len(stored_names()) == 6
    call_command("delete_held_uploads", "--hours", "0")
    # then
    assert stored_names() == []
    assert "Deleted 2 held upload(s)." in capsys.readouterr().out
