"""`manage.py annual_report 2024 --pdf FILE [--html FILE] [--base-url URL]`, or `--publish` to
publish the year's first version (as metrohub itself; nothing happens if one is published)."""

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
            "--publish", action="store_true", help="Publish the first version, if none is published yet."
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("METROHUB_BASE_URL", "http://127.0.0.1:8000/"),
            help="Where metrohub is served: the figures' links to their records start with it.",
        )

    def handle(self, *args, year: int, pdf: Path | None, html: Path | None, base_url: str, **options):
        if options["publish"]:
            self.publish(year, base_url)
        elif pdf is None and html is None:
            raise CommandError("Say where to write the report: --pdf FILE and/or --html FILE, or --publish.")
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

    def publish(self, year: int, base_url: str) -> None:
        from metrohub.core.permissions import SYSTEM
        from metrohub.reports import services

        if services.latest_version(year):
            self.stdout.write(f"The annual report {year} is already published; nothing done.")
            return
        published = services.report_publish(actor=SYSTEM, year=year, base_url=base_url)
        self.stdout.write(f"Published the annual report {year} in {len(published)} languages.")
