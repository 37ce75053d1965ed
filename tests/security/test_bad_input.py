"""Finding 11: bad input answered 500.

(a) a registry import whose preview was clean failed at confirmation (a 5,000-character name, a
bad website); (b) `/futures/strategies/?page=<huge>`; (c) `/futures/benchmark/?format=csv&city=…`
put the parameter into the download's file name, where a newline broke the header. Each is tried
over HTTP as an outsider (or the team that imports) would; the site answers with a message, writes
nothing, and logs no traceback.
"""

import re

import pytest

LONG_NAME = "Ville " + "x" * 5000
HUGE_PAGES = ["99999999999999999999999999", "9" * 1000, "-5", "0", "abc", "1e9", "１", "nan", "%00"]


@pytest.fixture(scope="module")
def release(site):
    """A published Metro Futures release with a city and a strategy (made as an operator would)."""
    site.run(
        "from metrohub.core.permissions import SYSTEM\n"
        "from metrohub.futures.models import City, Release\n"
        "from metrohub.futures.services import (catalogue_load, observations_import, release_publish,\n"
        "    strategies_import)\n"
        "catalogue_load()\n"
        "City.objects.get_or_create(code='bad-input-city', defaults={'name': 'Bad Input City',\n"
        "    'population': 1000000, 'latitude': 1, 'longitude': 1})\n"
        "if not Release.objects.exists():\n"
        "    observations_import(actor=SYSTEM, file_name='o.csv',\n"
        "        content=b'city,indicator,year,value\\nbad-input-city,pm25,2023,12\\n')\n"
        "    strategies_import(actor=SYSTEM, file_name='s.csv',\n"
        "        content=b'city,title,level\\nbad-input-city,A plan,local\\n')\n"
        "    release_publish(actor=SYSTEM)\n"
    )


def organisations(site, name: str) -> int:
    return site.run(
        "from metrohub.network.models import Organisation\n"
        "result = Organisation.objects.filter(name__startswith=name).count()",
        name=name,
    )


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (f"{LONG_NAME},FR,europe,", "at most 200 characters"),
        ("Ville Sans Site,FR,europe,not a website", "URL"),
    ],
)
def test_a_registry_import_that_would_fail_is_refused_at_the_preview(site, row, reason):
    # given the membership team with a file whose row only the write's own rules refuse
    browser = site.browser()
    browser.login(site.user("membership"))
    name = row.split(",")[0]
    # when it uploads the file, and confirms whatever the preview held
    preview = browser.submit(
        "/registry/import/",
        {"kind": "organisations"},
        files={"file": ("bad.csv", f"name,country,region,website\n{row}\n".encode(), "text/csv")},
    )
    held = re.search(r'name="sha256" value="([0-9a-f]{64})"', preview.text)
    confirmed = browser.submit("/registry/import/confirm/", {"sha256": held.group(1) if held else ""})
    # then the preview names the row and its reason, there is nothing to confirm, nothing is written
    assert preview.status_code == 400, preview.status_code
    assert reason in preview.text
    assert held is None and confirmed.status_code == 302
    assert organisations(site, name[:50]) == 0
    assert site.server_errors() == []


def test_a_futures_import_that_would_fail_is_refused_at_the_preview(site, release):
    browser = site.browser()
    browser.login(site.user("policy"))
    content = f"city,title,level,link\nbad-input-city,{'x' * 5000},local,not a url\n".encode()
    preview = browser.submit(
        "/futures/manage/import/", {"kind": "strategies"}, files={"file": ("s.csv", content, "text/csv")}
    )
    assert preview.status_code == 400
    assert "at most 300 characters" in preview.text
    assert site.server_errors() == []


@pytest.mark.parametrize("page", HUGE_PAGES)
def test_any_page_number_gives_a_page(site, release, page):
    # given the public and a staff member
    public = site.browser()
    staff = site.browser()
    staff.login(site.user("admin"))
    # when they ask for any page number of every paginated list
    paths = ["/futures/strategies/", "/members/", "/events/", "/comms/newsletter/"]
    staff_paths = ["/registry/", "/comms/subscribers/", "/finance/agreements/", "/people/"]
    answers = {p: public.get(p, params={"page": page}).status_code for p in paths}
    answers |= {p: staff.get(p, params={"page": page}).status_code for p in staff_paths}
    # then each answers with a page
    assert set(answers.values()) == {200}, answers
    assert site.server_errors() == []


@pytest.mark.parametrize(
    "city", ["bad-input-city\r\nSet-Cookie: owned=1", "x\nabc", 'a"; filename="evil.exe', "Chișinău/../x"]
)
def test_a_download_name_built_from_the_query_is_safe(site, release, city):
    # when the public asks for the benchmark's CSV with a city that breaks a header
    answer = site.browser().get("/futures/benchmark/", params={"format": "csv", "city": city})
    # then the download comes, under a plain file name, and sets nothing else
    assert answer.status_code == 200, answer.status_code
    disposition = answer.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="[A-Za-z0-9._-]+\.csv"', disposition), disposition
    assert "owned" not in answer.headers.get("Set-Cookie", "")
    assert site.server_errors() == []
