import hashlib
import json

import pytest
from django.urls import reverse

from metrohub.futures.models import Release, ReleaseIsImmutable
from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.storage import futures_root
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv


@pytest.fixture
def first_release(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    return release_publish(actor=policy_staff, note="first")


def _checksums(release):
    directory = futures_root() / release.directory
    files = [*directory.glob("*.parquet"), *directory.glob("*.zip")]  # the data, and its data package
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_a_release_holds_parquet_files_with_their_checksums(first_release):
    manifest = json.loads((futures_root() / first_release.directory / "manifest.json").read_text())
    assert manifest["counts"]["observations"] == 5 and manifest["counts"]["cities"] == 3
    assert {name: f["sha256"] for name, f in manifest["files"].items()} == _checksums(first_release)


def test_a_published_release_never_changes(first_release, policy_staff):
    before = _checksums(first_release)
    # when the drafts change and a second release is published
    revised = [
        ("dakar-test", "pm25", 2023, 20.0, "", "", "", "", ""),
        ("elsewhere", "pm25", 2022, 50, "", "", "", "", ""),
    ]
    observations_import(actor=policy_staff, file_name="b.csv", content=tidy_csv(revised))
    second = release_publish(actor=policy_staff)
    # then release 1's files are as they were, and release 2 says what changed
    assert _checksums(first_release) == before
    assert second.manifest["changes"]["observations"] == {"added": 1, "removed": 0, "revised": 1}
    # and the row itself refuses to change or go
    first_release.note = "rewritten"
    with pytest.raises(ReleaseIsImmutable):
        first_release.save()
    with pytest.raises(ReleaseIsImmutable):
        first_release.delete()
    assert Release.objects.get(number=1).note == "first"


def test_drafts_never_reach_a_public_page_or_the_api(first_release, policy_staff, client):
    # given a draft imported after the release
    draft = [("dakar-test", "pm25", 2024, 7.77, "", "", "", "draft", "")]
    observations_import(actor=policy_staff, file_name="draft.csv", content=tidy_csv(draft))
    # then neither the pages nor the API show it
    page = client.get(reverse("futures:city", args=["dakar-test"]))
    series = client.get(reverse("futures:indicator", args=["pm25"]) + "?cities=dakar-test&format=json")
    api = client.get("/api/v1/futures/observations?city=dakar-test&indicator=pm25").json()
    assert b"7.77" not in page.content and "7.77" not in series.content.decode()
    assert [r["year"] for r in api["rows"]] == [2022, 2023] and api["release"] == 1


def test_before_any_release_the_public_sees_nothing(cities, policy_staff, client):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    assert b"No release has been published yet" in client.get(reverse("futures:home")).content
    assert client.get("/api/v1/futures/observations").json() == {
        "release": None,
        "synthetic": None,
        "total": 0,
        "rows": [],
    }


def test_an_over_broad_api_query_is_refused_clearly(first_release, client):
    assert client.get("/api/v1/futures/observations?limit=5000").status_code == 422
    assert client.get("/api/v1/futures/ranking").status_code == 400
    assert (
        client.get("/api/v1/futures/ranking?indicator=pm25&year=2023").json()["rows"][0]["city"]
        == "lisbon-test"
    )
