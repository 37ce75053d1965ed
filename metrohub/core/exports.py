"""Every CSV and XLSX file metrohub writes, and every download's file name. One place, so that no
export can emit a live formula and no file name built from a query string can break a header.

Formula injection (OWASP, "CSV Injection"): a spreadsheet program runs a cell that begins with
`=`, `+`, `-` or `@` (and, after a tab or a carriage return, the same) as a formula, so a name
typed on a public form as `=HYPERLINK("http://evil.example","click")` becomes a live link, or
worse, in the staff's spreadsheet. Every text cell that begins with one of those characters (or
their full-width forms, which some spreadsheet programs read the same way) is written with a
single quote in front of it, in CSV and in XLSX alike.

Numbers stay numbers. A cell whose whole text is a plain decimal number (`-12.5`, `+3`, `1e-3`)
is a constant to every spreadsheet program, never a formula: no function name, no operator
between two operands, no reference can fit in it. So in CSV such a cell is written as it is,
whether our code formatted it from a number or a user typed it, and an amount of -12.5 stays
readable and summable; a cell that merely begins like a number (`-1+1`, `-2+3+cmd|' /C calc'!A0`)
is quoted. In XLSX, Python numbers are written as numeric cells, and every text as a text cell
(data type "s": never a formula, whatever it begins with), quoted by the same rule as in CSV, so
that editing the cell later does not turn it into a formula either.
"""

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
XLSX_MAX_TEXT = 32_767  # the most characters a spreadsheet cell holds
# Control characters XML 1.0 (and so XLSX) cannot hold; openpyxl refuses a cell with one.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    """The text as a spreadsheet will show it and never run it (see the module's docstring)."""
    if text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}" if value.is_finite() else str(value)
    if isinstance(value, (list, tuple, set)):
        return "|".join(_text(v) for v in value)
    return str(value)


def csv_cell(value) -> str:
    """One CSV cell: numbers as their plain text, anything else as neutralised text."""
    if isinstance(value, bool):
        return str(value)
    return neutralise(_text(value))


def xlsx_cell(value):
    """One XLSX value: a number, a date, a boolean, or neutralised text (typed as text by the
    writer). Times keep the wall-clock time of the site's zone: XLSX has no time zones."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        if isinstance(value, float) and value != value:  # NaN: an empty cell, as in the page
            return None
        return value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value
    text = value if isinstance(value, str) else _text(value)
    return neutralise(XML_ILLEGAL.sub("\ufffd", text))[:XLSX_MAX_TEXT]


# File names ---------------------------------------------------------------------------------


def download_name(name: str, extension: str = "") -> str:
    """A file name safe in a header and on every file system, from anything (a query string's
    city included): ASCII letters, digits, dots, hyphens and underscores, at most 120 of them."""
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip(".-_")[:120] or "download"
    return f"{stem}.{extension}" if extension else stem


def as_attachment(response: HttpResponse, name: str, extension: str = "") -> HttpResponse:
    """Mark the response as a download under a sanitised file name: the one way metrohub writes
    Content-Disposition."""
    response["Content-Disposition"] = content_disposition_header(True, download_name(name, extension))
    return response


# Writers -------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def _capped(rows: Iterable[Sequence]):
    """The rows, and after the cap a last row that says the file stops there."""
    cap = settings.METROHUB_EXPORT_ROW_CAP
    for n, row in enumerate(rows):
        if n >= cap:
            yield [f"truncated at {cap} rows"]
            return
        yield row


def csv_lines(header: Sequence, rows: Iterable[Sequence]):
    """The lines of a CSV file (UTF-8 with a byte-order mark, which spreadsheet programs need to
    read it as UTF-8), every cell neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([csv_cell(v) for v in header])
    for row in _capped(rows):
        yield writer.writerow([csv_cell(v) for v in row])


def xlsx_bytes(*, title: str, header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """A one-sheet workbook: numbers as numbers, text always as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(download_name(title)[:31])

    def cells(values):
        for value in values:
            cell = WriteOnlyCell(sheet, value=xlsx_cell(value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would make a formula of a text beginning with "="
            yield cell

    sheet.append(list(cells(header)))
    for row in _capped(rows):
        sheet.append(list(cells(row)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type=CSV_CONTENT_TYPE)
    return as_attachment(response, filename, "csv")


def xlsx_response(*, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(title=filename, header=header, rows=rows), content_type=XLSX_CONTENT_TYPE
    )
    return as_attachment(response, filename, "xlsx")


def table_response(fmt: str, *, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """A list page's CSV (`fmt="csv"`) or XLSX (`fmt="xlsx"`) twin."""
    make = xlsx_response if fmt == "xlsx" else csv_response
    return make(filename=filename, header=header, rows=rows)
