"""Releases on any node: a node that lacks a release's folder fetches its files from Django's
storage, checks them against the manifest's checksums, builds its DuckDB file and serves the same
answers; a release whose files fail their checksums is never served."""

import hashlib
import re
import shutil

import pytest
from django.core.files.base import ContentFile

from metrohub.futures import storage
from metrohub.futures.release_files import forget_checks, release_storage, stored_name
from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.storage import ANALYTICS_FILE, futures_root
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv

pytestmark = pytest.mark.django_db
SERIES = "/futures/indicators/pm25/?format=json"


@pytest.fixture
def first_release(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    return release_publish(actor=policy_staff, note="first")


def without_token(response) -> str:
    """A page without its CSRF token (masked afresh on every answer)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def another_node() -> None:
    """This process becomes a node that never saw the release: no folder, nothing checked."""
    storage.close_all()
    shutil.rmtree(futures_root() / "releases" / "1")
    forget_checks()


def test_publishing_puts_the_release_files_in_storage(first_release):
    stored = release_storage()
    for name in [*first_release.manifest["files"], "manifest.json"]:
        assert stored.exists(stored_name(1, name)), name


def test_a_node_without_the_release_fetches_it_checks_it_and_answers_the_same(client, first_release):
    # given the answers of the node that published release 1
    before = client.get(SERIES).json()
    page_before = client.get("/futures/cities/dakar-test/")
    assert before["rows"] and page_before.status_code == 200
    # when a node that never had its folder is asked
    another_node()
    after = client.get(SERIES)
    # then it answers the same, from a folder it fetched and a database it built
    assert after.status_code == 200 and after.json() == before
    assert (futures_root() / "releases" / "1" / ANALYTICS_FILE).is_file()
    assert without_token(client.get("/futures/cities/dakar-test/")) == without_token(page_before)
    assert client.get("/api/v1/futures/ranking?indicator=pm25&year=2023").json()["rows"]
    # and the open files download as published
    name, entry = next(iter(first_release.manifest["files"].items()))
    download = client.get(f"/futures/releases/1/{name}")
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == entry["sha256"]


def test_a_release_whose_stored_file_was_tampered_with_is_never_served(client, first_release):
    # given a node without the release, and one of its files changed in storage
    another_node()
    name = next(iter(first_release.manifest["files"]))
    stored = release_storage()
    stored.delete(stored_name(1, name))
    stored.save(stored_name(1, name), ContentFile(b"PAR1 not what was published PAR1"))
    # when anyone asks for the release, its page, its twin or its file
    page = client.get("/futures/indicators/pm25/")
    twin = client.get(SERIES)
    file = client.get(f"/futures/releases/1/{name}")
    # then nothing of it is served, and they are told why
    assert page.status_code == 503 and "do not match their checksums" in page.content.decode()
    assert "Dakar Test" not in page.content.decode()
    assert twin.status_code == 503 and "checksums" in twin.json()["detail"]
    assert file.status_code == 503
    assert client.get("/api/v1/futures/ranking?indicator=pm25&year=2023").status_code == 400
    # and no folder was placed for it
    assert not (futures_root() / "releases" / "1").exists()


def test_a_local_file_changed_on_the_node_stops_the_release_being_served(client, first_release):
    assert client.get(SERIES).status_code == 200
    # given a Parquet file of the node's own folder changed behind its back, and a new process
    name = next(iter(first_release.manifest["files"]))
    path = futures_root() / "releases" / "1" / name
    path.chmod(0o644)
    path.write_bytes(path.read_bytes() + b"tampered")
    storage.close_all()
    forget_checks()
    # then the release is not served
    assert client.get(SERIES).status_code == 503
