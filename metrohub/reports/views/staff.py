"""The annual report: published versions for everyone, the live draft for the secretariat, the
PDFs, the sources of the declared figures, and publishing."""

from django import forms
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission, public
from metrohub.core.confirm import Confirmation
from metrohub.core.exports import as_attachment
from metrohub.core.form_pages import action
from metrohub.core.models import DeclaredFigure
from metrohub.reports import services
from metrohub.reports.build import PdfUnavailable, report_context, report_pdf
from metrohub.reports.models import Publication
from metrohub.reports.permissions import can_publish_report, can_view_report, publish_rule, report_rule

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404


def _in_language(year: int, version: int) -> tuple[Publication, bool]:
    """The version in the reader's language, or in English (the second value says it fell back)."""
    rows = {p.language: p for p in Publication.objects.filter(year=year, version=version)}
    if not rows:
        raise Http404
    language = translation.get_language() or "en"
    if language in rows:
        return rows[language], False
    return rows.get("en") or next(iter(rows.values())), True


@public
def index(request):
    """The published reports for everyone; for the secretariat also every year a draft can be built
    for (the current one, and each year with declared figures)."""
    published = list(
        Publication.objects.values("year")
        .annotate(latest=Max("version"), latest_at=Max("published_at"))
        .order_by("-year")
    )
    rows = []
    if can_view_report(request.user):
        declared = dict(
            DeclaredFigure.objects.values_list("period").annotate(n=Count("pk")).values_list("period", "n")
        )
        years = sorted({timezone.localdate().year, *declared}, reverse=True)
        rows = [{"year": year, "declared": declared.get(year, 0)} for year in years]
    return render(request, "reports/index.html", {"rows": rows, "published": published})


def _draft(request, year: int):
    context = {
        **report_context(year),
        "draft": True,
        "can_publish": bool(can_publish_report(request.user)),
        "published_version": services.latest_version(year),
    }
    return render(request, "reports/annual_report.html", context)


@public
def report(request, year: int):
    """The latest published version; before any, the secretariat's draft (anyone else: not found)."""
    _check_year(year)
    version = services.latest_version(year)
    if version:
        return _published(request, year, version)
    if can_view_report(request.user):
        return _draft(request, year)
    raise Http404


@permission(report_rule)
def draft(request, year: int):
    _check_year(year)
    return _draft(request, year)


@public
def version(request, year: int, version: int):
    _check_year(year)
    return _published(request, year, version)


def _published(request, year: int, version: int):
    publication, fallback = _in_language(year, version)
    versions = Publication.objects.filter(year=year, language=publication.language).order_by("-version")
    context = {
        "year": year,
        "publication": publication,
        "fallback": fallback,
        "versions": versions,
        "latest": services.latest_version(year),
        "staff": bool(can_view_report(request.user)),
    }
    return render(request, "reports/published.html", context)


@public
def report_pdf_view(request, year: int):
    """The latest published version's PDF; before any, the secretariat's draft PDF."""
    _check_year(year)
    version = services.latest_version(year)
    if version:
        return _published_pdf(request, year, version)
    if not can_view_report(request.user):
        raise Http404
    return _draft_pdf(request, year)


@permission(report_rule)
def draft_pdf(request, year: int):
    _check_year(year)
    return _draft_pdf(request, year)


@public
def version_pdf(request, year: int, version: int):
    _check_year(year)
    return _published_pdf(request, year, version)


def _published_pdf(request, year: int, version: int):
    publication, _fallback = _in_language(year, version)
    try:
        pdf = services.publication_pdf(publication)
    except PdfUnavailable as exc:
        return render(request, "reports/pdf_unavailable.html", {"year": year, "reason": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    as_attachment(response, f"metrohub-annual-report-{year}-v{version}-{publication.language}", "pdf")
    return response


def _draft_pdf(request, year: int):
    try:
        pdf = report_pdf(year, base_url=request.build_absolute_uri("/"))
    except PdfUnavailable as exc:
        return render(request, "reports/pdf_unavailable.html", {"year": year, "reason": str(exc)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    as_attachment(response, f"metrohub-annual-report-{year}", "pdf")
    return response


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_l("What this version corrects"),
        required=False,
        max_length=500,
        help_text=_l("Required for a correction; leave blank for the first version."),
    )


@permission(publish_rule)
def publish(request, year: int):
    _check_year(year)
    version = services.latest_version(year) + 1

    def confirm(params) -> Confirmation:
        return Confirmation(
            title=_("Publish the annual report %(year)s?") % {"year": year},
            consequences=[
                _(
                    "Version %(version)s freezes every figure as the records compute it now, "
                    "in English, French and Spanish, HTML and PDF."
                )
                % {"version": version},
                _("Anyone can then read it at %(url)s; earlier versions keep their own addresses.")
                % {"url": reverse("reports:annual_report", args=[year])},
            ],
            button=_("Publish"),
        )

    return action(
        request,
        lambda data: services.report_publish(
            actor=request.user, year=year, base_url=request.build_absolute_uri("/"), note=data["note"]
        ),
        form=PublishForm,
        back=reverse("reports:draft", args=[year]),
        success_url=reverse("reports:annual_report", args=[year]),
        success_message=_("The annual report %(year)s is published.") % {"year": year},
        confirm=confirm,
    )


@public
def sources(request, year: int):
    """The figures documents declared for the year, with their sources: public, like the documents."""
    _check_year(year)
    figures = DeclaredFigure.objects.filter(period=year).order_by("key")
    return render(request, "reports/sources.html", {"year": year, "figures": figures})
