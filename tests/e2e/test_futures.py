"""Metro Futures as the public sees it, in a real browser: the indicator page, a city profile,
compare and benchmark. The data are a small release (`futures_release` in conftest.py), labelled
synthetic."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def release(futures_release):
    return futures_release


def test_the_indicator_page_ranks_charts_and_maps(page, release, screenshot):
    page.goto("/futures/indicators/pm25/?year=2024&group=region")
    expect(page.get_by_role("heading", name=re.compile("Fine particulate matter"))).to_be_visible()
    expect(page.locator("#synthetic-banner")).to_contain_text("synthetic demo data")
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(3)  # Quito has no 2024 value
    expect(rows.first.locator("td").nth(1)).to_contain_text("Dakar E2E")  # lowest PM2.5 is best
    expect(page.locator("#series-chart svg, #series-chart canvas").first).to_be_visible()
    expect(page.locator("#map-chart svg, #map-chart canvas").first).to_be_visible()
    screenshot(page, "indicator")
    # the permalink holds the state; the CSV twin is one click away
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "metro-futures-r1-pm25-2024-synthetic.csv"


def test_the_indicator_page_reads_without_javascript(new_page, release):
    page = new_page(java_script_enabled=False)
    page.goto("/futures/indicators/pm25/")
    expect(page.locator("#ranking tbody tr")).to_have_count(3)
    # the charts download as files drawn on the server, with their credits inside
    with page.expect_download() as download:
        page.locator("#series-chart-links").get_by_role("link", name="SVG").click()
    assert download.value.suggested_filename == "metro-futures-r1-pm25-2024-synthetic.svg"
    svg = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Licence: CC BY 4.0" in svg and "synthetic demo data" in svg
    with page.expect_download() as download:
        page.locator("#map-chart-links").get_by_role("link", name="PNG").click()
    assert Path(download.value.path()).read_bytes()[:4] == b"\x89PNG"
    # and every chart leads to what the indicator means
    page.locator("#series-chart-links").get_by_role("link", name="About this indicator").click()
    expect(page.locator("#frameworks-pm25")).to_contain_text("11.6.2")
    expect(page.locator("#cite-this")).to_contain_text("release 1")


def test_a_city_profile_shows_percentiles_trends_and_targets(page, release, screenshot):
    page.goto("/futures/cities/dakar-e2e/")
    expect(page.get_by_role("heading", name="Dakar E2E")).to_be_visible()
    profile = page.locator("#profile tbody tr")
    expect(profile).to_have_count(2)
    expect(page.locator("#profile")).to_contain_text("improving")
    expect(page.get_by_text("Dakar Clean Air Plan")).to_be_visible()
    expect(page.locator("article")).to_contain_text(re.compile("on track|met|off track"))
    expect(page.locator("#profile-chart svg, #profile-chart canvas").first).to_be_visible()
    screenshot(page, "city")


def shoot_search(page) -> None:
    """The city search, at 1280 and 375 px, for a person to look at."""
    from pathlib import Path

    Path("/tmp/shots-forms").mkdir(exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"/tmp/shots-forms/compare-search-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_compare_two_cities(page, release, screenshot):
    page.goto("/futures/compare/")
    # Cities are found as one types (a search, not a select of every city); a pick stays picked.
    page.get_by_label("Two to six cities").fill("dakar")
    page.locator("#id_cities-options input[value=dakar-e2e]").check()
    page.get_by_label("Two to six cities").fill("lisbon")
    page.locator("#id_cities-options input[value=lisbon-e2e]").check()
    expect(page.locator("#id_cities-options input[value=dakar-e2e]")).to_be_checked()
    shoot_search(page)
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"cities=dakar-e2e.*cities=lisbon-e2e"))
    header = page.locator("#comparison thead th")
    expect(header).to_have_count(3)
    expect(page.locator("#comparison tbody tr")).to_have_count(2)
    expect(page.locator("#compare-chart svg, #compare-chart canvas").first).to_be_visible()
    screenshot(page, "compare")


def test_benchmark_warns_when_values_are_not_comparable(page, release, screenshot):
    page.goto("/futures/benchmark/")
    page.get_by_label("City", exact=True).fill("dakar")
    page.locator("#id_city-options input[value=dakar-e2e]").check()
    page.select_option("#group", "overall")
    page.get_by_role("button", name="Benchmark").click()
    expect(page.locator("#benchmark tbody tr")).to_have_count(2)
    warnings = page.locator(".comparability-warning")
    expect(warnings.first).to_contain_text("years differ")  # Quito's latest is 2023
    expect(page.locator("#benchmark")).to_contain_text("methods differ")  # Pune's broadband is estimated
    screenshot(page, "benchmark")


def test_the_explorer_has_no_serious_accessibility_violation(page, release):
    from tests.e2e.test_accessibility import serious_violations

    for path in [
        "/futures/",
        "/futures/indicators/pm25/",
        "/futures/cities/dakar-e2e/",
        "/futures/compare/?cities=dakar-e2e&cities=lisbon-e2e",
        "/futures/benchmark/?city=dakar-e2e",
        "/futures/strategies/",
        "/futures/releases/",
        "/futures/embed/indicators/pm25/",
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert serious_violations(page) == [], path


def test_staff_import_bad_file_then_good_file_then_publish(
    page, release, login, screenshot, tmp_path, browser_errors
):
    from metrohub.network.tests.factories import make_user
    from tests.e2e.conftest import enrol_totp

    browser_errors.allow(r"status of 400")  # the page of a refused file answers 400 Bad Request

    enrol_totp(make_user("policy", username="paula"))
    page.goto("/futures/manage/")
    login(page, "paula")
    expect(page.get_by_role("heading", name="Manage Metro Futures")).to_be_visible()
    page.get_by_role("link", name="Import a file").click()
    # a file with two bad rows: each is named, nothing is imported
    bad = tmp_path / "bad.csv"
    bad.write_text("city,indicator,year,value\natlantis,pm25,2024,3\ndakar-e2e,pm25,2024,abc\n")
    page.set_input_files("#id_file", str(bad))
    page.get_by_role("button", name="Check the file").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("2 bad rows. Nothing was imported.")
    expect(errors).to_contain_text("unknown city “atlantis”")
    expect(errors).to_contain_text("value “abc” is not a number")
    screenshot(page, "bad-file")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot(page, "bad-file-375")
    page.set_viewport_size({"width": 1280, "height": 800})
    # a good file: preview, confirm, then publish release 2
    good = tmp_path / "good.csv"
    good.write_text("city,indicator,year,value\ndakar-e2e,pm25,2025,11\n")
    page.set_input_files("#id_file", str(good))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-preview")).to_contain_text("1 row is ready to import")
    screenshot(page, "preview")
    page.get_by_role("button", name="Import 1 row").click()
    expect(page.get_by_text("Imported 1 row from good.csv as drafts")).to_be_visible()
    # publishing asks first, saying what will be published (tasks run at once in tests)
    page.get_by_role("link", name="Publish release 2…").click()
    expect(page.get_by_role("heading", name="Publish release 2?")).to_be_visible()
    expect(page.get_by_text("never changed or deleted")).to_be_visible()
    expect(page.locator("#consequences")).to_contain_text(
        "Since release 1: 1 observations added, 0 changed, 0 removed."
    )
    screenshot(page, "confirm")
    page.get_by_role("button", name="Yes, publish release 2").click()
    expect(page.get_by_text("Release 2 is published.")).to_be_visible()
    screenshot(page, "published")
    page.goto("/futures/releases/")
    expect(page.locator("#release-2")).to_be_visible()
    expect(page.get_by_text("Since release 1: 1 observations added, 0 revised, 0 removed.")).to_be_visible()


def test_a_publication_waiting_for_the_worker_shows_its_progress_as_it_goes(
    page, release, login, screenshot, settings
):
    from metrohub.futures.models import Publication
    from metrohub.futures.services import publication_run

    # given no task worker running: the publication is queued in the database
    from metrohub.futures.tests.helpers import revise_an_observation
    from metrohub.network.tests.factories import make_user
    from tests.e2e.conftest import enrol_totp

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    revise_an_observation()  # a correction since release 1: an empty release would be refused
    enrol_totp(make_user("policy", username="paula"))
    page.goto("/futures/manage/publish/")
    login(page, "paula")
    page.get_by_role("button", name="Yes, publish release 2").click()
    notice = page.locator("#worker-notice")
    expect(notice).to_contain_text("waits for the task worker (manage.py db_worker)")
    screenshot(page, "queued")
    # when the worker runs it, the page shows it published without being reloaded (htmx polls)
    publication_run(publication_id=Publication.objects.get(state="queued").pk)
    expect(page.get_by_text("Release 2 is published.")).to_be_visible(timeout=10_000)
    expect(notice).to_have_count(0)
    screenshot(page, "done")
