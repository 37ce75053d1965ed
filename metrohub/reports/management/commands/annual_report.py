"""`manage.py annual_report 2024 --pdf FILE [--html FILE] [--base-url URL]`"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from metrohub.reports.build import PdfUnavailable, report_html, report_pdf


class Command(BaseCommand):
    help = "Build the annual report of a year from the records: as PDF (WeasyPrint) and/or as HTML."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--pdf", type=Path, help="Write the PDF here.")
        parser.add_argument("--html", type=Path, help="Write the printable HTML here.")
        parser.add_argument(
            "--base-url",
            default=os.environ.get("METROHUB_BASE_URL", "http://127.0.0.1:8000/"),
            help="Where metrohub is served: the figures' links to their records start with it.",
        )

    def handle(self, *args, year: int, pdf: Path | None, html: Path | None, base_url: str, **options):
        if pdf is None and html is None:
            raise CommandError("Say where to write the report: --pdf FILE and/or --html FILE.")
        if html is not None:
            html.write_text(report_html(year, base_url=base_url), encoding="utf-8")
            self.stdout.write(f"Wrote {html}")
        if pdf is not None:
            try:
                data = report_pdf(year, base_url=base_url)
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from exc
            pdf.write_bytes(data)
            self.stdout.write(f"Wrote {pdf} ({len(data):,} bytes)")
