"""Read an uploaded CSV or XLSX file into rows of strings keyed by lower-case header."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as a spreadsheet shows it, values)


def read_table(*, name: str, content: bytes) -> Table:
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024})
    lower = name.lower()
    # The content must be what the name says: a CSV is text, an XLSX is a zip archive.
    if lower.endswith(".csv"):
        # No text holds a NUL character (PostgreSQL refuses one): a file with one is not text.
        if b"\x00" in content:
            raise DomainError(_("This file is not a CSV text file."))
        return _read_csv(content)
    if lower.endswith(".xlsx"):
        if not content.startswith(b"PK\x03\x04"):
            raise DomainError(_("The file is not a readable XLSX workbook."))
        return _read_xlsx(content)
    raise DomainError(_("Upload a .csv or .xlsx file."))


def _table(raw_rows: list[list[object]]) -> Table:
    if not raw_rows:
        raise DomainError(_("The file is empty."))
    headers = [str(h or "").strip().lower() for h in raw_rows[0]]
    rows = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        values = ["" if v is None else str(v).strip() for v in raw]
        if any("\x00" in v for v in values):  # an XLSX can spell one (_x0000_); no text holds it
            raise DomainError(
                _("Row %(row)d holds a NUL character, which no text may hold.") % {"row": number}
            )
        if not any(values):
            continue
        rows.append((number, dict(zip(headers, values + [""] * (len(headers) - len(values)), strict=False))))
    return Table(headers=headers, rows=rows)


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The CSV file is not UTF-8 text.")) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _table(list(csv.reader(io.StringIO(text), dialect)))


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(_("The file is not a readable XLSX workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _table(rows)
