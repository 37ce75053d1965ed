"""The annual report: the page, its PDF, and the sources of its declared figures."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from metrohub.core.access import permission
from metrohub.core.models import DeclaredFigure
from metrohub.reports.build import report_context, report_pdf
from metrohub.reports.permissions import report_rule

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


@permission(report_rule)
def report(request, year: int):
    _check_year(year)
    return render(request, "reports/annual_report.html", report_context(year))


@permission(report_rule)
def report_pdf_view(request, year: int):
    _check_year(year)
    pdf = report_pdf(year, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="metrohub-annual-report-{year}.pdf"'
    return response


@permission(report_rule)
def sources(request, year: int):
    _check_year(year)
    figures = DeclaredFigure.objects.filter(period=year).order_by("key")
    return render(request, "reports/sources.html", {"year": year, "figures": figures})
