"""Finding 13: a new user's machine lacks system libraries; metrohub says so instead of failing.

The base image has Pango but not HarfBuzz's subset library, and no Chromium. Importing WeasyPrint
there warns; that warning once became a test error and failed `make test`. Here the site runs
with Pango reported missing (`METROHUB_SYSTEM_MISSING`, the setting every check reads), and the
tests that need those parts are run the way a new user's `make test` runs them.
"""

import os
import subprocess
import sys

from tests.security.conftest import ROOT


def test_the_pdf_page_says_what_is_missing_instead_of_failing(site_factory):
    # given a production site on a machine without Pango
    site = site_factory("no-pango", METROHUB_SYSTEM_MISSING="pango")
    browser = site.browser()
    browser.login(site.user("policy"))
    # when the annual report's PDF is asked for
    response = browser.get("/reports/2024/pdf/")
    # then the page says why, and names the command that installs what is missing
    assert response.status_code == 503
    assert "make system" in response.text
    assert "cannot be written on this server" in response.text
    assert site.server_errors() == []
    # and the report itself still answers
    assert browser.get("/reports/2024/").status_code == 200


def test_without_chromium_or_pango_their_tests_skip_and_name_the_command():
    # The inner run keeps to SQLite: on PostgreSQL it would create, then drop, the very test
    # database this run is using (pytest-django names it after DATABASE_URL's database).
    environment = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("METROHUB_REQUIRE") and k != "DATABASE_URL"
        },
        "METROHUB_SYSTEM_MISSING": "chromium,pango",
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "metrohub/reports/tests/test_pdf.py",
            "tests/e2e/test_reports.py",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = completed.stdout.strip().splitlines()[-1]
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert " skipped" in summary and "passed" not in summary and "failed" not in summary, summary
    assert "install it with `make system`" in completed.stdout
