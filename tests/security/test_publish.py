"""Finding 9: two publications at once destroyed each other (both failed; one could delete the
other's files), and publishing ran inside the web request for about a minute.

Now a publication is a task under a database lock: two policy users confirming at the same moment
make exactly one publication, the other is told one is under way, the request returns at once,
the worker (`manage.py db_worker`) publishes, and every earlier release's files stay as they were.
"""

import hashlib
import threading
from pathlib import Path

DRAFTS = """
from metrohub.futures.models import City, Release
from metrohub.core.permissions import SYSTEM
from metrohub.futures.services import catalogue_load, observations_import, release_publish

catalogue_load()
for code, name, population in [("dakar", "Dakar", 3_900_000), ("abidjan", "Abidjan", 5_600_000)]:
    City.objects.get_or_create(code=code, defaults={"name": name, "population": population})
rows = ["city,indicator,year,value,unit,boundary,method,source,note"]
rows += [f"{c},pm25,{y},{v + y - 2015},,municipal,measured,test," for c, v in [("dakar", 30), ("abidjan", 25)]
         for y in range(2015, 2024)]
content = "\\n".join(rows).encode()
observations_import(actor=SYSTEM, file_name="pm25.csv", content=content)
if not Release.objects.exists():
    release_publish(actor=SYSTEM, note="the release before")
number = Release.objects.order_by("-number").first().number + 1
# drafts that differ from every release so far, whatever ran before on this site
newer = ["city,indicator,year,value,unit,boundary,method,source,note",
         f"dakar,pm25,2024,{40 + number},,municipal,measured,test,"]
observations_import(actor=SYSTEM, file_name="pm25-2024.csv", content="\\n".join(newer).encode())
result = {"next": number}
"""

STATE = """
from metrohub.futures.models import Publication, Release
result = {
    "publications": list(Publication.objects.filter(number=number).values("state", "active", "error")),
    "releases": {r.number: {n: f["sha256"] for n, f in r.manifest["files"].items()}
                 for r in Release.objects.all()},
}
"""


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_publications_at_once_make_one_which_the_worker_publishes(site):
    # given drafts, a release already published, and two policy users on the confirmation page
    number = site.run(DRAFTS)["next"]
    releases = site.var_dir / "futures" / "releases"
    before = {d.name: checksums(d) for d in releases.iterdir() if d.is_dir() and d.name.isdigit()}
    assert before and all(files for files in before.values())
    errors_before = len(site.server_errors())
    browsers = []
    for _ in range(2):
        browser = site.browser()
        browser.login(site.user("policy"))
        page = browser.get("/futures/manage/publish/")
        assert f"Publish release {number}?" in page.text and "observations for" in page.text
        browsers.append(browser)

    # when both confirm at the same moment
    answers = [None, None]
    start = threading.Barrier(2)

    def confirm(i):
        start.wait()
        answers[i] = browsers[i].submit(
            "/futures/manage/publish/", {"note": f"by {i}", "number": number, "confirmed": "1"}
        )

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    # then one is queued and the other is told one is under way; nothing was published in the request
    assert sorted(a.status_code for a in answers) == [302, 409], [
        (a.status_code, a.text[:300]) for a in answers
    ]
    accepted = next(a for a in answers if a.status_code == 302)
    refused = next(a for a in answers if a.status_code == 409)
    assert f"A publication is already under way (release {number}" in refused.text
    state = site.run(STATE, number=number)
    assert [p["state"] for p in state["publications"]] == ["queued"]
    assert number not in {int(n) for n in state["releases"]}
    follow = browsers[0].get(accepted.headers["Location"])
    assert follow.status_code == 200 and "manage.py db_worker" in follow.text

    # when the task worker runs what is queued
    site.manage("db_worker", "--batch", "--no-startup-delay")

    # then the release is published, whole: its files are those its manifest lists
    state = site.run(STATE, number=number)
    assert [(p["state"], p["active"]) for p in state["publications"]] == [("done", None)]
    published = state["releases"][str(number)]
    on_disk = checksums(releases / str(number))
    assert {n: on_disk[n] for n in published} == published
    assert "manifest.json" in on_disk and "analytics.duckdb" in on_disk
    # and every earlier release's files are exactly as they were; no folder was left behind
    assert {name: checksums(releases / name) for name in before} == before
    assert sorted(p.name for p in releases.iterdir()) == sorted([*before, str(number)])
    assert f"Release {number} is published." in browsers[0].get(accepted.headers["Location"]).text
    assert site.server_errors()[errors_before:] == []
