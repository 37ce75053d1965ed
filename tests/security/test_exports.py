"""Finding 7: a formula typed by an outsider comes out of the staff's spreadsheets as a formula.

An outsider signs up to the newsletter with a formula for a name; a formula also comes in through
the registry's import pages. The staff's XLSX and CSV downloads, and the public members.csv, must
show it as text: no XLSX cell of data type "f", no cell that begins with "=".
"""

import csv
import io
import re
import secrets

from openpyxl import load_workbook

FORMULA = '=HYPERLINK("http://evil.example","click")'
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def registry_import(browser, rows: str, *, kind: str = "organisations"):
    """Upload a file through the registry's import page, then confirm it as a person would."""
    preview = browser.submit(
        "/registry/import/",
        {"kind": kind},
        files={"file": ("registry.csv", rows.encode(), "text/csv")},
    )
    found = re.search(r'name="sha256" value="([0-9a-f]{64})"', preview.text)
    confirmed = browser.submit("/registry/import/confirm/", {"sha256": found.group(1) if found else ""})
    return preview, confirmed


def xlsx_cells(response) -> list:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def csv_cells(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]


def assert_shown_as_text(cells: list[str], name: str) -> None:
    """The name is there, as text behind a quote, and no cell begins like a formula."""
    assert "'" + name in cells
    assert not [c for c in cells if c.startswith(TRIGGERS)]


def test_a_formula_signed_up_on_the_newsletter_is_text_in_the_staff_spreadsheets(site):
    # given an outsider who signs up with a formula for a name
    name = f"{FORMULA} {secrets.token_hex(3)}"
    outsider = site.browser()
    signed_up = outsider.submit(
        "/comms/newsletter/subscribe/",
        {"email": f"{secrets.token_hex(4)}@outside.example", "name": name, "consent": "on"},
    )
    assert signed_up.status_code == 200, signed_up.text[:500]
    # when communications downloads the subscribers
    staff = site.browser()
    staff.login(site.user("communications"))
    workbook = xlsx_cells(staff.get("/comms/subscribers.xlsx"))
    # then the name is a text cell that does not begin with "=", in XLSX and in CSV
    assert not [c for c in workbook if c.data_type == "f"]
    assert not [c for c in workbook if isinstance(c.value, str) and c.value.startswith(TRIGGERS)]
    assert ("'" + name) in [c.value for c in workbook]
    assert_shown_as_text(csv_cells(staff.get("/comms/subscribers.csv")), name)
    assert site.server_errors() == []


def test_a_formula_imported_in_the_registry_is_text_in_every_download(site):
    # given the membership team imports a member city whose name is a formula
    name = f"{FORMULA} {secrets.token_hex(3)}"
    membership = site.browser()
    membership.login(site.user("membership"))
    preview, confirmed = registry_import(
        membership, f'name,country,region,category\n"{name.replace(chr(34), chr(34) * 2)}",FR,europe,full\n'
    )
    assert preview.status_code == 200 and confirmed.status_code == 302, (
        preview.text[:500],
        confirmed.status_code,
    )
    assert (
        site.run(
            "from metrohub.network.models import Organisation\n"
            "result = Organisation.objects.filter(name=name).count()",
            name=name,
        )
        == 1
    )
    # when the registry is downloaded as XLSX and CSV, and the public its members.csv
    workbook = xlsx_cells(membership.get("/registry/organisations.xlsx"))
    registry_csv = csv_cells(membership.get("/registry/organisations.csv"))
    public_csv = csv_cells(site.browser().get("/members.csv"))
    # then the name is text everywhere
    assert not [c for c in workbook if c.data_type == "f"]
    assert ("'" + name) in [c.value for c in workbook]
    assert not [c for c in workbook if isinstance(c.value, str) and c.value.startswith(TRIGGERS)]
    assert_shown_as_text(registry_csv, name)
    assert_shown_as_text(public_csv, name)
    assert site.server_errors() == []
