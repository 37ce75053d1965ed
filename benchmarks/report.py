"""How long the 2024 annual report takes to build, as a page and as a PDF.

    .venv/bin/python benchmarks/report.py [--rounds 5]

Works on a fresh SQLite file in a temporary directory (removed at the end): migrates it, loads
the 2024 data (`load_year(2024)`), then builds the report `--rounds` times after one warm-up:
the HTML page as a staff user gets it (django.test.Client, whole middleware stack) and the PDF
as `manage.py annual_report 2024 --pdf` makes it (charts drawn to SVG by vl-convert, WeasyPrint).
It counts the page's SQL queries once, apart. It prints a table and writes
benchmarks/results/report.json.

The issue's target is under 10 s for the 2024 report; the script says whether it is met and
never fails on a duration.
"""

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: `benchmarks` and `metrohub` come from the checkout

from benchmarks.common import database, django_on, full_login, machine, staff_user, write_json  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results" / "report.json"
TARGET_SECONDS = 10
YEAR = 2024


def timed(build, rounds: int) -> list[float]:
    build()  # warm-up: templates, fonts, vl-convert's engine
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        build()
        samples.append(time.perf_counter() - start)
    return samples


def summary(samples: list[float]) -> dict:
    return {
        "rounds": len(samples),
        "median_s": round(statistics.median(samples), 3),
        "max_s": round(max(samples), 3),
        "min_s": round(min(samples), 3),
        "under_target": max(samples) < TARGET_SECONDS,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    tmp = django_on(None, prefix="metrohub-report-bench-", quiet=("axes", "weasyprint", "fontTools"))
    try:
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from metrohub.core.datasets import load_year
        from metrohub.reports.build import report_pdf

        call_command("migrate", verbosity=0, interactive=False)
        start = time.perf_counter()
        load_year(YEAR)
        loaded = round(time.perf_counter() - start, 2)
        client = Client()
        full_login(client, staff_user(username="benchmark-communications", group="communications"))

        def page() -> None:
            response = client.get(f"/reports/{YEAR}/")
            assert response.status_code == 200, response.status_code

        pdf_size = {}

        def pdf() -> None:
            pdf_size["bytes"] = len(report_pdf(YEAR, base_url="http://127.0.0.1:8000/"))

        html_samples = timed(page, args.rounds)
        pdf_samples = timed(pdf, args.rounds)
        with CaptureQueriesContext(connection) as queries:
            page()
        result = {
            "target_s": TARGET_SECONDS,
            "year": YEAR,
            "data_load_s": loaded,
            "html_page": {**summary(html_samples), "queries": len(queries)},
            "pdf": {**summary(pdf_samples), "bytes": pdf_size["bytes"]},
            "machine": machine(),
            "database": "{vendor} {version}".format(**database()),
        }
        print(f"2024 report ({args.rounds} rounds after a warm-up; target < {TARGET_SECONDS} s):")
        for name in ("html_page", "pdf"):
            figures = result[name]
            verdict = "met" if figures["under_target"] else "NOT met"
            median, worst = figures["median_s"], figures["max_s"]
            print(f"  {name:10} median {median:.2f} s, max {worst:.2f} s — target {verdict}")
        print(f"  the page runs {len(queries)} SQL queries; the PDF is {pdf_size['bytes']:,} bytes")
        write_json(args.output, result)
        output = args.output.resolve()
        shown = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
        print(f"Wrote {shown}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
