"""A release's files are immutable and say so to every cache; the explorer's pages carry an ETag
naming the release they read, so that a browser, nginx or a CDN asks again cheaply and gets 304
until a new release is published (metrohub.core.http_cache)."""

import pytest
from django.urls import reverse

from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv

pytestmark = pytest.mark.django_db

PAGES = [
    "/futures/",
    "/futures/indicators/pm25/",
    "/futures/indicators/pm25/?format=csv",
    "/futures/cities/dakar-test/",
    "/futures/compare/?cities=dakar-test&cities=lisbon-test",
    "/futures/benchmark/?city=dakar-test",
    "/futures/strategies/",
    "/futures/embed/indicators/pm25/",
    "/futures/releases/",
]


@pytest.fixture
def client(client):
    """A visitor who has been on the site: they hold its CSRF cookie (the first page sets it, and
    the ETag counts it, since the page's forms carry a token that must match it)."""
    client.get("/futures/releases/")
    assert "csrftoken" in client.cookies
    return client


@pytest.fixture
def first_release(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    return release_publish(actor=policy_staff, note="first")


def test_a_release_file_is_cached_for_a_year_and_answers_304_to_its_checksum(client, first_release):
    name = next(iter(first_release.manifest["files"]))
    url = reverse("futures:release_file", args=[1, name])
    # given a first download
    first = client.get(url)
    b"".join(first.streaming_content)  # read to the end: the client closes the file
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    # whose ETag is the file's checksum from the manifest
    assert first["ETag"] == f'"{first_release.manifest["files"][name]["sha256"]}"'
    # when the same file is asked for again with that ETag
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    # then it answers 304 with no body, still cacheable for a year
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "immutable" in again["Cache-Control"]
    # and the manifest, too, has its validator
    manifest_url = reverse("futures:release_file", args=[1, "manifest.json"])
    manifest = client.get(manifest_url)
    b"".join(manifest.streaming_content)  # read to the end: the client closes the file
    assert manifest.status_code == 200 and "immutable" in manifest["Cache-Control"]
    assert client.get(manifest_url, headers={"if-none-match": manifest["ETag"]}).status_code == 304
    # while a stale or foreign ETag gets the file
    fresh = client.get(url, headers={"if-none-match": '"something-else"'})
    b"".join(fresh.streaming_content)  # read to the end: the client closes the file
    assert fresh.status_code == 200


def test_a_missing_release_file_is_not_found_and_never_cached(client, first_release):
    response = client.get(reverse("futures:release_file", args=[1, "nothing.parquet"]))
    assert response.status_code == 404
    assert "immutable" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", PAGES)
def test_an_explorer_page_answers_304_until_a_new_release_is_published(
    client, first_release, policy_staff, url
):
    # given a visitor who has the page
    first = client.get(url)
    assert first.status_code == 200 and first.has_header("ETag")
    assert "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
    # when they ask again with its ETag: 304, nothing drawn
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    # then a new release changes the page's ETag (for the pages that read the latest release)
    revised = [("dakar-test", "pm25", 2023, 20.0, "", "", "", "", "")]
    observations_import(actor=policy_staff, file_name="b.csv", content=tidy_csv(revised))
    release_publish(actor=policy_staff, note="second")
    after = client.get(url, headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200 and after["ETag"] != first["ETag"]


def test_a_page_pinned_to_a_release_keeps_its_etag_when_another_is_published(
    client, first_release, policy_staff
):
    url = "/futures/indicators/pm25/?release=1"
    first = client.get(url)
    observations_import(
        actor=policy_staff,
        file_name="b.csv",
        content=tidy_csv([("dakar-test", "pm25", 2023, 20.0, "", "", "", "", "")]),
    )
    release_publish(actor=policy_staff, note="second")
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_the_etag_differs_by_language_query_and_visitor(client, first_release, policy_staff):
    url = "/futures/indicators/pm25/"
    english = client.get(url)["ETag"]
    french = client.get(url, headers={"accept-language": "fr"})
    assert french["Content-Language"] == "fr" and french["ETag"] != english
    assert client.get(url + "?year=2022")["ETag"] != english
    # a logged-in visitor's page (their name in the menu) has its own ETag, and is private
    client.force_login(policy_staff)
    staff = client.get(url)
    assert staff["ETag"] != english and "private" in staff["Cache-Control"]
    # and the anonymous ETag does not open the staff page
    assert client.get(url, headers={"if-none-match": english}).status_code == 200


def test_a_pending_message_is_never_hidden_behind_a_304(client, first_release):
    url = "/futures/"
    etag = client.get(url)["ETag"]
    client.cookies["messages"] = "pending"
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200 and not response.has_header("ETag")


def test_before_any_release_the_page_has_no_validator(client, cities):
    response = client.get("/futures/")
    assert response.status_code == 200 and not response.has_header("ETag")
