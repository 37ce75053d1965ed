"""The PDF of the annual report renders with WeasyPrint.

Skipped, with the reason and the command that installs them, only where WeasyPrint's system
libraries (Pango) are missing, or reported missing (METROHUB_SYSTEM_MISSING=pango); with
METROHUB_REQUIRE_PDF=1 (as CI sets it) a missing Pango fails the test instead.
"""

import io
import os

import pytest
from django.core.management import call_command

from metrohub.core.system import weasyprint as load_weasyprint
from metrohub.core.system import weasyprint_missing
from metrohub.network.tests.factories import make_user


@pytest.fixture
def weasyprint():
    message = weasyprint_missing()
    if message:
        if os.environ.get("METROHUB_REQUIRE_PDF") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return load_weasyprint()


def test_the_2024_report_renders_as_a_pdf(weasyprint, data_2024, tmp_path):
    # when the command builds the PDF
    target = tmp_path / "report-2024.pdf"
    call_command("annual_report", "2024", "--pdf", str(target), stdout=io.StringIO())
    # then it is a real PDF of several pages
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    try:
        from pypdf import PdfReader
    except ImportError:
        PdfReader = None
    if PdfReader is not None:
        assert len(PdfReader(io.BytesIO(data)).pages) >= 3


def test_the_pdf_shows_the_key_figures_and_their_differences(weasyprint, data_2024):
    from metrohub.reports.build import PRINT_CSS, report_html

    html = report_html(2024, base_url="http://metrohub.test/")
    document = weasyprint.HTML(string=html, base_url="http://metrohub.test/").render(
        stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))]
    )
    assert len(document.pages) >= 3
    text = " ".join(box.text for page in document.pages for box in _text_boxes(page._page_box))
    assert "164" in text and "160" in text and "592,271" in text
    assert "The records differ from the declared figure by -4" in text
    # the charts are static SVG, drawn without a browser
    assert html.count("<svg") >= 2
    # the links are absolute, to the site's records
    assert 'href="http://metrohub.test/registry/?status=active"' in html


def _text_boxes(box):
    if hasattr(box, "text"):
        yield box
    for child in getattr(box, "children", []):
        yield from _text_boxes(child)


def test_staff_download_the_pdf(weasyprint, client, data_2024):
    client.force_login(make_user("communications"))
    response = client.get("/reports/2024/pdf/")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
