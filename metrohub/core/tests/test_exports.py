"""The one CSV/XLSX writer: no cell it writes is a live formula, numbers stay numbers, and no
file name it sends can break a header."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import HttpResponse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from metrohub.core.exports import (
    FORMULA_TRIGGERS,
    as_attachment,
    csv_response,
    download_name,
    neutralise,
    xlsx_response,
)

FORMULA = '=HYPERLINK("http://evil.example","click")'
PAYLOADS = [FORMULA, "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(1,1)", "\t=1+1", "\r=1+1", "\uff1d1+1"]


def csv_cells(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_cells(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def starts_like_a_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_csv_is_written_as_quoted_text(payload):
    # given a row whose name is a formula
    # when it is written as CSV
    cells = csv_cells(csv_response(filename="t", header=["name"], rows=[[payload]]))
    # then the cell holds the text behind a single quote
    assert cells[1] == ["'" + payload]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_in_xlsx_is_a_text_cell(payload):
    cells = xlsx_cells(xlsx_response(filename="t", header=["name"], rows=[[payload]]))
    cell = cells[1][0]
    assert cell.data_type == "s"
    assert cell.value == "'" + payload


def test_numbers_stay_numbers():
    # given amounts, negative ones included, as numbers and as text our code formatted
    rows = [[Decimal("-12.50"), -3, 2.5, "-12.5", "+3", "1e-3", True, None]]
    # then CSV writes them readable, without a quote
    assert csv_cells(csv_response(filename="t", header=list("abcdefgh"), rows=rows))[1] == [
        "-12.50", "-3", "2.5", "-12.5", "+3", "1e-3", "True", "",
    ]  # fmt: skip
    # and XLSX writes numbers as numeric cells
    cells = xlsx_cells(xlsx_response(filename="t", header=list("abcdefgh"), rows=rows))[1]
    assert [c.data_type for c in cells[:3]] == ["n", "n", "n"]
    assert [c.value for c in cells[:3]] == [Decimal("-12.5"), -3, 2.5]
    assert cells[3].value == "-12.5" and cells[3].data_type == "s"


def test_xlsx_takes_what_openpyxl_refuses():
    # given text with control characters, and a time with its time zone
    at = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    cells = xlsx_cells(xlsx_response(filename="t", header=["a", "b"], rows=[["x\x01y\x00", at]]))[1]
    assert cells[0].value == "x\ufffdy\ufffd"
    assert isinstance(cells[1].value, dt.datetime)


@given(
    st.lists(
        st.one_of(st.text(), st.integers(), st.decimals(allow_nan=False), st.none()), min_size=1, max_size=6
    )
)
def test_no_written_cell_starts_like_a_formula(values):
    """Whatever the values, no CSV or XLSX cell begins like a formula unless it is a plain number."""
    for cell in csv_cells(csv_response(filename="t", header=["h"] * len(values), rows=[values]))[1]:
        assert not starts_like_a_formula(cell) or neutralise(cell) == cell
    for row in xlsx_cells(xlsx_response(filename="t", header=["h"] * len(values), rows=[values]))[1:]:
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not starts_like_a_formula(cell.value) or neutralise(cell.value) == cell.value


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("benchmark-dakar-region", "benchmark-dakar-region.csv"),
        ('benchmark-da\r\nkar"; x=1', "benchmark-da-kar-x-1.csv"),
        ("Chișinău", "Chisinau.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ("\n", "download.csv"),
    ],
)
def test_download_names_are_safe(name, expected):
    assert download_name(name, "csv") == expected


@given(st.text())
def test_any_name_makes_a_valid_header(name):
    response = as_attachment(HttpResponse(), name, "csv")
    header = response["Content-Disposition"]
    assert header.startswith('attachment; filename="') and header.endswith('.csv"')
    assert "\n" not in header and "\r" not in header
