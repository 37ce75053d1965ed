"""Finding 5: backups restore. An operator loses the server: on a new data folder and a freshly
migrated empty database (`site_factory` migrates it, as an operator would), `manage.py restore`
gives back a site that answers every page and API route as the old one did, byte for byte.

The old site holds the 2024 data, the demo data (with Metro Futures release 1: Parquet, manifest,
DuckDB), a call with an application and its uploaded attachment, and a staff user with a second
factor. Each site has its own secret key, port and data folder; the restored one keeps the
environment otherwise (the key that protects second-factor secrets, if one is set, must be kept).

What honestly differs between two answers, and is replaced before comparing (nothing else):
- CSRF tokens (`csrfmiddlewaretoken` fields, an `X-CSRFToken` header in htmx attributes): masked
  anew on every request, and each site signs with its own secret key;
- CSP nonces (`nonce="..."`): new on every request;
- the unsubscribe link in a newsletter's preview (`/comms/newsletter/unsubscribe/<signed>/`):
  signed with the moment and with each site's own secret key;
- the speaker form's field ids on a panel's page (`speaker-<6 hex>-`): random on every rendering,
  on purpose (events.views.staff._speaker_form);
- the site's own address (`127.0.0.1:<port>`): each site listens on its own port;
- in XLSX downloads, the workbook's `created`/`modified` properties: the moment of the download;
- in the IATI file, `generated-datetime` and `last-updated-datetime`: the moment of the download;
- in the PDF report, compared with its streams inflated (its links carry the site's address):
  stream lengths and the cross-reference offsets (they follow from the address's length), and
  `/CreationDate`, `/ModDate`, `/ID` (the moment of the download), and in each embedded font the
  `head` table's `modified` date with the two checksums that follow from it (the moment the font
  was subset).
The staff walk leaves out the axes admin pages (`SINCE_THE_BACKUP`): the log of the staff user's
logins, which each site writes after the backup at its own moment. The login's "signed in"
message is shown once on each site before the walk.
"""

import io
import os
import re
import stat
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.security.backup_samples import ATTACHMENT

# Per-site values in the environment; everything else the harness set is kept for the new site.
PER_SITE = {"DJANGO_SECRET_KEY", "DATABASE_URL", "METROHUB_VAR_DIR", "METROHUB_STATIC_ROOT"}
# Made by each site after the backup, at its own moment: the log of the staff user's logins.
SINCE_THE_BACKUP = ("/admin/axes/",)


def _ask(site, what: str):
    """`backup_samples.<what>()`, run in the site's own process."""
    return site.run(f"from tests.security import backup_samples\nresult = backup_samples.{what}()")


def _normalised(site, response) -> tuple:
    body = response.content
    kind = response.headers.get("Content-Type", "").split(";")[0]
    if kind.endswith("spreadsheetml.sheet"):
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            parts = {name: book.read(name) for name in sorted(book.namelist())}
        if "docProps/core.xml" in parts:
            parts["docProps/core.xml"] = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\1<now>",
                                                parts["docProps/core.xml"])  # fmt: skip
        body = b"".join(name.encode() + b"\n" + data for name, data in parts.items())
    elif kind == "application/pdf":
        body = _pdf_unpacked(body)
    else:
        body = re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]*"', rb'\1<csrf>"', body)
        body = re.sub(rb'("X-CSRFToken": ?")[^"]*"', rb'\1<csrf>"', body)
        body = re.sub(rb'nonce="[^"]*"', b'nonce="<nonce>"', body)
        body = re.sub(rb"(/comms/newsletter/unsubscribe/)[^/\"]+/", rb"\1<signed>/", body)
        body = re.sub(rb"speaker-[0-9a-f]{6}-", b"speaker-<id>-", body)
        body = re.sub(rb'((generated|last-updated)-datetime=")[^"]*"', rb'\1<now>"', body)
    body = body.replace(f"127.0.0.1:{site.port}".encode(), b"<site>")
    location = response.headers.get("Location", "").replace(f"127.0.0.1:{site.port}", "<site>")
    return response.status_code, kind, location, body


def _pdf_unpacked(body: bytes) -> bytes:
    """A PDF with its compressed streams inflated (links in them carry the site's address), and
    without what follows from the address's length (stream lengths, the byte offsets of the
    cross-reference table) or from the moment of writing (`/CreationDate`, `/ModDate`, `/ID`)."""
    parts, at = [], 0
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", body, flags=re.S):
        header = body[at : stream.start(1)]
        parts.append(header)
        if b"/XRef" in header[header.rfind(b" obj") :]:
            parts.append(b"<offsets>")
        else:
            try:
                parts.append(_font_undated(zlib.decompress(stream.group(1))))
            except zlib.error:
                parts.append(stream.group(1))
        at = stream.end(1)
    parts.append(body[at:])
    text = b"".join(parts)
    text = re.sub(rb"/Length \d+", b"/Length <n>", text)
    text = re.sub(rb"startxref\s+\d+", b"startxref <offset>", text)
    text = re.sub(rb"xref\s+\d+ \d+\s+(\d{10} \d{5} [fn]\s+)+", b"xref <offsets>", text)
    text = re.sub(rb"/(CreationDate|ModDate) ?\([^)]*\)", rb"/\1 (<now>)", text)
    return re.sub(rb"/ID ?\[ ?<[0-9a-fA-F]+> ?<[0-9a-fA-F]+> ?\]", b"/ID [<id>]", text)


def _font_undated(data: bytes) -> bytes:
    """A TrueType/OpenType font without the moment it was written: the `head` table's `modified`
    date, its `checkSumAdjustment` and the table's checksum in the directory. Other data as is."""
    if data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true") or len(data) < 12:
        return data
    font = bytearray(data)
    for entry in range(12, 12 + 16 * int.from_bytes(data[4:6], "big"), 16):
        if font[entry : entry + 4] == b"head":
            font[entry + 4 : entry + 8] = bytes(4)  # the table's checksum
            start = int.from_bytes(font[entry + 8 : entry + 12], "big")
            font[start + 8 : start + 12] = bytes(4)  # checkSumAdjustment
            font[start + 28 : start + 36] = bytes(8)  # modified
    return bytes(font)


def _first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at byte {at}: {a[max(0, at - 120) : at + 120]!r}\n   vs: {b[max(0, at - 120) : at + 120]!r}"


def _compare(sites, browsers, paths) -> tuple[list[str], int]:
    differences, failed, compared = [], [], 0
    for path in paths:
        answers = [
            _normalised(site, browser.get(path)) for site, browser in zip(sites, browsers, strict=True)
        ]
        compared += 1
        failed += [path for status, *_ in answers if status >= 500]
        if answers[0] != answers[1]:
            (s1, k1, l1, b1), (s2, k2, l2, b2) = answers
            differences.append(f"{path}: {s1} {k1} {l1} vs {s2} {k2} {l2}; {_first_difference(b1, b2)}")
    assert failed == [], f"server errors: {failed}"
    return differences, compared


def _with_twins(browser, paths: list[str]) -> list[str]:
    """Each page, and its `?format=json` and `?format=csv` twins where the page has them."""
    found = []
    for path in paths:
        found.append(path)
        page = browser.get(path)
        if page.status_code != 200 or not page.headers.get("Content-Type", "").startswith("text/html"):
            continue
        for fmt in ("json", "csv"):
            twin = browser.get(f"{path}{'&' if '?' in path else '?'}format={fmt}")
            if twin.status_code == 200 and not twin.headers.get("Content-Type", "").startswith("text/html"):
                found.append(f"{path}{'&' if '?' in path else '?'}format={fmt}")
    return found


@pytest.fixture(scope="module")
def _sites(site_factory, tmp_path_factory):
    """The old site, backed up while it runs, and the new one: a new data folder and a freshly
    migrated database (migrated while the old one loads its data), into which the backup is
    restored. Returns (old, backup file, staff user, attachment pk, counts at the backup, new)."""
    old = site_factory("backup-origin", start=False)
    kept = {k: v for k, v in old.env.items() if k not in PER_SITE and os.environ.get(k) != v}
    with ThreadPoolExecutor(max_workers=1) as pool:
        fresh = pool.submit(site_factory, "restored", start=False, **kept)
        old.manage("load_dataset", "2024")
        old.manage("demo_data")
        attachment = _ask(old, "attachment")
        staff = old.user("admin")
        old.start()
        path = tmp_path_factory.mktemp("backups") / "metrohub.tar.gz"
        old.manage("backup", str(path))
        counts = _ask(old, "counts")
        new = fresh.result()
    assert _ask(new, "counts")["core.Region"] > 0  # what migrations write is there, to be reconciled
    new.manage("restore", str(path))
    new.start()
    return old, path, staff, attachment, counts, new


@pytest.fixture(scope="module")
def backed_up(_sites):
    """(the old site, its backup file, its staff user, the attachment's pk, counts at the backup)."""
    return _sites[:5]


@pytest.fixture(scope="module")
def restored(_sites):
    return _sites[5]


def test_a_backup_is_readable_by_its_owner_only(backed_up):
    # given the old site's backup, written to a path the operator chose
    old, path, *_ = backed_up
    # then only its owner may read it (it holds password hashes and second-factor secrets)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # and the default folder is its owner's only, as is every backup in it
    old.manage("backup")
    folder = old.var_dir / "backups"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()] == [0o600]


def test_restore_into_a_new_site_gives_back_every_record(backed_up, restored):
    *_, counts = backed_up
    assert _ask(restored, "counts") == counts
    assert counts["futures.Release"] == 1 and counts["calls.Attachment"] == 1


def test_every_public_page_and_api_route_answers_the_same_after_restore(backed_up, restored):
    # given the old site and the restored one, visited anonymously
    old, *_ = backed_up
    sites = (old, restored)
    browsers = [site.browser() for site in sites]
    routes = _ask(old, "routes")
    # when every page (with its data twins) and every API route is asked of both
    paths = _with_twins(browsers[0], routes["paths"])
    paths += _api_paths(browsers[0], routes)
    differences, compared = _compare(sites, browsers, paths)
    # then each answer is the same, byte for byte; Metro Futures answers from the restored release
    assert differences == [], "\n".join(differences)
    assert compared > 150
    assert browsers[1].get("/futures/").status_code == 200


def test_every_page_answers_a_staff_user_the_same_after_restore(backed_up, restored):
    # given the staff user, logged in on each site through the form with password and second factor
    # (the restored site has the password hash and the TOTP secret back)
    old, _, staff, attachment, _ = backed_up
    sites = (old, restored)
    browsers = [site.browser() for site in sites]
    for browser in browsers:
        browser.login(staff)
        browser.get("/")  # shows, and so clears, the message that says the login went through
    routes = _ask(old, "routes")
    paths = [p for p in _with_twins(browsers[0], routes["paths"]) if not p.startswith(SINCE_THE_BACKUP)]
    paths += _api_paths(browsers[0], routes)
    # when every page, twin, download and API route is asked of both
    differences, compared = _compare(sites, browsers, paths)
    # then each answer is the same, the uploaded attachment included
    assert differences == [], "\n".join(differences)
    assert f"/calls/files/{attachment}/" in paths and compared > 250
    download = browsers[1].get(f"/calls/files/{attachment}/")
    assert download.content == ATTACHMENT


def _api_paths(browser, routes) -> list[str]:
    """Every GET route of the OpenAPI document; path parameters from the sample records, and the
    futures routes that want an indicator or a city asked with one."""
    document = browser.get("/api/v1/openapi.json").json()
    paths = ["/api/v1/openapi.json"]
    for route, operations in document["paths"].items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", route)
        if any(routes["api"].get(name) is None for name in names):
            continue
        paths.append(re.sub(r"{(\w+)}", lambda m: routes["api"][m.group(1)], route))
    indicator, city = routes["indicator"], routes["city"]
    paths += [
        f"/api/v1/futures/ranking?indicator={indicator}",
        f"/api/v1/futures/series?indicator={indicator}&city={city}",
        f"/api/v1/futures/observations?city={city}",
        f"/api/v1/futures/benchmark?city={city}",
        f"/futures/compare/?cities={city}&indicator={indicator}",
        f"/futures/benchmark/?city={city}",
        f"/futures/strategies/?city={city}",
    ]
    return paths


def test_restore_refuses_a_site_that_holds_records(restored):
    # given the restored site, which now holds records
    before = _ask(restored, "counts")
    backup = restored.var_dir / "again.tar.gz"
    restored.manage("backup", str(backup))
    # when a backup is restored over it without --force
    answer = restored.manage("restore", str(backup), check=False)
    # then it is refused with the reason, and nothing changed
    assert answer.returncode != 0
    assert "already holds records" in answer.stderr and "--force" in answer.stderr
    assert _ask(restored, "counts") == before
