"""CSV and XLSX twins of a list page: the same rows as the page, up to a row cap."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)  # the BOM makes spreadsheet programs read UTF-8
        for n, row in enumerate(rows):
            if n >= settings.METROHUB_EXPORT_ROW_CAP:
                yield writer.writerow([f"truncated at {settings.METROHUB_EXPORT_ROW_CAP} rows"])
                break
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(filename[:31])
    sheet.append(list(header))
    for n, row in enumerate(rows):
        if n >= settings.METROHUB_EXPORT_ROW_CAP:
            sheet.append([f"truncated at {settings.METROHUB_EXPORT_ROW_CAP} rows"])
            break
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
