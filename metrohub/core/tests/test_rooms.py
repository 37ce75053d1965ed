"""Every domain app keeps the same rooms (ARCHITECTURE, "Each app keeps the same rooms"), so a
newcomer knows where to look; and its pages are split one way everywhere, by whom they serve:
`views/public.py` (anonymous visitors), `views/staff.py` (the secretariat), `views/portal.py`
(members, applicants and reviewers acting for their organisation), `views/common.py` (helpers two
of those share). A room an app has no content for is listed below with the reason, never stubbed."""

import ast
from pathlib import Path

import pytest

import metrohub

ROOT = Path(metrohub.__file__).parent
APPS = [
    "network",
    "finance",
    "calls",
    "programs",
    "fund",
    "projects",
    "events",
    "comms",
    "people",
    "mel",
    "futures",
]
ROOMS = [
    "models.py",
    "services.py",
    "selectors.py",
    "permissions.py",
    "views/",
    "urls.py",
    "forms.py",
    "metrics.py",
    "api.py",
    "dataset.py",
    "tests/",
    "locale/",
]
# (app, room) → why the app has no such room.
MISSING = {
    ("finance", "api.py"): "finance's agreements, dues and income are not published: no API endpoint.",
    ("people", "api.py"): "HR records are the secretariat's own, private: no API endpoint.",
    ("mel", "api.py"): "results reach outside readers as the IATI file and the CSV (mel's staff pages).",
    (
        "mel",
        "metrics.py",
    ): "MEL registers no metric of its own: computed indicators read the others' metrics.",
    ("calls", "dataset.py"): "no recorded data set: calls and applications are made in the app (demo.py).",
    ("futures", "dataset.py"): "its data arrives through the release import (staff import, then publish).",
}
VIEW_FILES = {"__init__.py", "public.py", "staff.py", "portal.py", "common.py"}
# (app, file) → why the app's views hold a purpose split beyond the rooms above.
PURPOSE_SPLITS = {
    ("finance", "ledger.py"): "money in: agreements, instalments, receipts and reporting dates, apart from "
    "the dues' pages and the dashboard so each grows without the other.",
    ("fund", "money.py"): "what an agreement's money earmarked for a fund became (received, committed, "
    "spent), apart from the fund's own pages.",
    ("finance", "dues.py"): "the dues cycle's staff pages (fee rules, issuing, documents, credit notes), "
    "apart from staff.py so the agreements and income pages grow beside them without conflict.",
    ("futures", "public_twins.py"): "how every explorer view answers (page, CSV/JSON twins, embed); "
    "with it public.py would be over 400 lines.",
    ("futures", "public_data.py"): "what describes the open data (indicator metadata, definitions, "
    "releases and their data packages); with it public.py would be over 400 lines.",
    ("network", "membership.py"): "the membership lifecycle's staff pages (pipeline, member changes, "
    "renewal); with them staff.py would be over 400 lines.",
    ("futures", "validators.py"): "the explorer's cache validators (ETags naming the release a page "
    "reads, checksums of release files), kept apart from the pages they decorate.",
}


@pytest.mark.parametrize("app", APPS)
def test_every_room_is_there(app):
    missing = []
    for room in ROOMS:
        path = ROOT / app / room.rstrip("/")
        present = path.is_dir() if room.endswith("/") else path.is_file()
        if not present and (app, room) not in MISSING:
            missing.append(room)
    assert missing == [], f"{app} has no {missing}"


@pytest.mark.parametrize(("app", "room"), sorted(MISSING))
def test_a_listed_exception_is_still_missing(app, room):
    assert not (ROOT / app / room).exists(), f"{app}/{room} exists now: drop it from MISSING"


@pytest.mark.parametrize("app", APPS)
def test_views_are_split_by_whom_they_serve(app):
    views = ROOT / app / "views"
    files = {path.name for path in views.iterdir() if path.name != "__pycache__"}
    allowed = VIEW_FILES | {name for (owner, name) in PURPOSE_SPLITS if owner == app}
    assert files - allowed == set(), f"{app}/views holds {sorted(files - allowed)}"
    assert {"public.py", "staff.py", "portal.py"} & files, f"{app}/views holds no page"
    assert "views.py" not in {path.name for path in (ROOT / app).iterdir()}


def test_views_init_holds_no_code():
    for app in APPS:
        body = ast.parse((ROOT / app / "views" / "__init__.py").read_text()).body
        assert body == [] or (len(body) == 1 and isinstance(body[0], ast.Expr)), f"{app}/views/__init__.py"
