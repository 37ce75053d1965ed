"""Reading an observations or strategies file into Arrow: CSV (sniffed delimiter, UTF-8, read by
pyarrow in blocks), XLSX, and SDMX-CSV mapped onto the tidy columns."""

import csv
import io

import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.tabular import read_table

MAX_OBSERVATION_BYTES = 512 * 1024 * 1024
OBSERVATION_COLUMNS = ["city", "indicator", "year", "value", "unit", "boundary", "method", "source", "note"]
# SDMX-CSV columns and the tidy column each one fills (the first present wins).
SDMX_COLUMNS = {
    "city": ["ref_area", "city", "city_code"],
    "indicator": ["indicator", "measure", "series"],
    "year": ["time_period"],
    "value": ["obs_value"],
    "unit": ["unit_measure", "unit"],
    "boundary": ["boundary", "urban_boundary"],
    "obs_status": ["obs_status"],
    "source": ["source", "dataflow", "structure_id"],
    "note": ["comment", "obs_comment"],
}
# SDMX observation status codes (SDMX cross-domain code list CL_OBS_STATUS) and our methods.
SDMX_METHOD = {"E": "estimated", "I": "estimated", "F": "modelled"}
STRATEGY_COLUMNS = ["city", "title", "level", "year_adopted", "horizon", "dimensions", "sdgs", "link",
                    "summary", "targets"]  # fmt: skip


def _sniff(text: str) -> str:
    try:
        return csv.Sniffer().sniff(text, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _read_csv(content: bytes) -> pa.Table:
    if b"\x00" in content:  # no text holds a NUL character (PostgreSQL refuses one)
        raise DomainError(_("This file is not a CSV text file."))
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    head = content[:65536].decode("utf-8", errors="replace")
    delimiter = _sniff(head.split("\n", 5)[0] + "\n" + "\n".join(head.split("\n")[1:5]))
    header = next(csv.reader(io.StringIO(head.split("\n", 1)[0]), delimiter=delimiter), [])
    names = [h.strip().lower() for h in header]
    if not any(names):
        raise DomainError(_("The file is empty."))
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise DomainError(_("The file has the column %(columns)s twice.") % {"columns": ", ".join(twice)})
    try:
        table = pacsv.read_csv(
            io.BytesIO(content),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=16 << 20),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise DomainError(_("The CSV file could not be read: %(error)s") % {"error": exc}) from exc
    # Rows are numbered as a spreadsheet shows them: the header is row 1.
    return table.append_column("_row", pa.array(range(2, table.num_rows + 2), type=pa.int64()))


def _read_xlsx(file_name: str, content: bytes) -> pa.Table:
    table = read_table(name=file_name, content=content)
    columns = {h: [row.get(h, "") for _, row in table.rows] for h in table.headers if h}
    columns["_row"] = [number for number, _ in table.rows]
    return pa.table(
        {k: pa.array(v, type=pa.int64() if k == "_row" else pa.string()) for k, v in columns.items()}
    )


def _tidy(table: pa.Table) -> tuple[pa.Table, str]:
    """The table in the tidy columns, and its format ("tidy" or "sdmx-csv")."""
    names = set(table.column_names)
    n = table.num_rows
    empty = pa.array([""] * n, type=pa.string())
    if "obs_value" in names and "time_period" in names:
        columns = {}
        for target, candidates in SDMX_COLUMNS.items():
            found = next((c for c in candidates if c in names), None)
            columns[target] = table.column(found) if found else empty
        columns["method"] = empty
        columns["_row"] = table.column("_row")
        return pa.table(columns), "sdmx-csv"
    missing = [c for c in ("city", "indicator", "year", "value") if c not in names]
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s. Expected columns: %(expected)s, or SDMX-CSV.")
            % {"columns": ", ".join(missing), "expected": ", ".join(OBSERVATION_COLUMNS)}
        )
    columns = {c: (table.column(c) if c in names else empty) for c in OBSERVATION_COLUMNS}
    columns["obs_status"] = empty
    columns["_row"] = table.column("_row")
    return pa.table(columns), "tidy"


def read_observations(file_name: str, content: bytes) -> tuple[pa.Table, str]:
    """The file's rows in the tidy columns (and `_row`, its row number), and its format."""
    if len(content) > MAX_OBSERVATION_BYTES:
        raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_OBSERVATION_BYTES >> 20})
    lower = file_name.lower()
    if lower.endswith(".csv"):
        raw = _read_csv(content)
    elif lower.endswith(".xlsx"):
        raw = _read_xlsx(file_name, content)
    else:
        raise DomainError(_("Upload a .csv or .xlsx file (tidy observations or SDMX-CSV)."))
    return _tidy(raw)
