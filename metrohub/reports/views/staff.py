"""The annual report: the page, its PDF, and the sources of its declared figures."""

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from metrohub.core.access import permission
from metrohub.core.exports import as_attachment
from metrohub.core.models import DeclaredFigure
from metrohub.reports.build import PdfUnavailable, report_context, report_pdf
from metrohub.reports.permissions import report_rule

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


@permission(report_rule)
def index(request):
    """Every year a report can be built for: the current one, and each year with declared figures."""
    declared = dict(
        DeclaredFigure.objects.values_list("period").annotate(n=Count("pk")).values_list("period", "n")
    )
    years = sorted({timezone.localdate().year, *declared}, reverse=True)
    rows = [{"year": year, "declared": declared.get(year, 0)} for year in years]
    return render(request, "reports/index.html", {"rows": rows})


@permission(report_rule)
def report(request, year: int):
    _check_year(year)
    return render(request, "reports/annual_report.html", report_context(year))


@permission(report_rule)
def report_pdf_view(request, year: int):
    _check_year(year)
    try:
        pdf = report_pdf(year, base_url=request.build_absolute_uri("/"))
    except PdfUnavailable as exc:
        return render(request, "reports/pdf_unavailable.html", {"year": year, "reason": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    as_attachment(response, f"metrohub-annual-report-{year}", "pdf")
    return response


@permission(report_rule)
def sources(request, year: int):
    _check_year(year)
    figures = DeclaredFigure.objects.filter(period=year).order_by("key")
    return render(request, "reports/sources.html", {"year": year, "figures": figures})
