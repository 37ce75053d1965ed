# The PDF tests skip (or, with METROHUB_REQUIRE_PDF=1, fail) where WeasyPrint cannot run.
from metrohub.reports.tests.test_pdf import weasyprint  # noqa: F401
