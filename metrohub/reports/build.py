"""The annual report for a year, as HTML for the page and as PDF (WeasyPrint)."""

import re
from pathlib import Path

from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.models import DeclaredFigure
from metrohub.core.system import weasyprint as load_weasyprint
from metrohub.core.system import weasyprint_missing
from metrohub.mel import charts as mel_charts
from metrohub.mel.selectors import activity_by_action_line
from metrohub.reports import charts
from metrohub.reports.selectors import members_by_region, new_members, partnerships, report_sections, staff

PRINT_CSS = Path(__file__).resolve().parent / "static" / "reports" / "print.css"
INCOME_KEYS = ("finance.income.fees", "finance.income.grants", "finance.income.other")


def report_context(year: int, *, svg: bool = False) -> dict:
    """Everything the report template shows; with `svg`, the charts drawn as static SVG."""
    sections = {section.slug.replace("-", "_"): section for section in report_sections(year)}
    key_figures, gender = sections["key_figures"], sections["gender"]
    members = key_figures.get("network.members.total")
    staff_total = gender.get("people.staff.total")
    activity = activity_by_action_line(year)
    chart_specs = {
        "regions": (_("Members by region"), charts.members_by_region(list(members.parts) if members else [])),
        "income": (
            _("Income by source"),
            charts.income_by_source([f for f in key_figures.figures if f.key in INCOME_KEYS]),
        ),
        # A fixed width: the PDF's SVG (vl-convert) has no container to fit.
        "activity": (_("Activity per action line"), {**mel_charts.activity(activity), "width": 420}),
        "staff": (
            _("Staff by gender"),
            charts.staff_by_gender(list(staff_total.parts) if staff_total else []),
        ),
    }
    charts_out = {
        slug: {
            "id": f"chart-{slug}",
            "spec_id": f"chart-{slug}-spec",
            "title": title,
            "spec": spec,
            "svg": charts.to_svg(spec) if svg and spec["data"]["values"] else "",
            "empty": not spec["data"]["values"],
        }
        for slug, (title, spec) in chart_specs.items()
    }
    return {
        "year": year,
        "sections": sections,
        "charts": charts_out,
        "activity": activity,
        "new_members": new_members(year),
        "partnerships": partnerships(year),
        "regions": members_by_region(year),
        "staff": staff(year),
        "declared_count": DeclaredFigure.objects.filter(period=year).count(),
        "differences": sum(1 for s in sections.values() for f in s.figures if f.differs),
    }


def report_html(year: int, *, base_url: str, request=None, frozen_on=None, version=None) -> str:
    """The standalone printable HTML (charts as SVG, links made absolute with `base_url`); with
    `frozen_on`, a published version's."""
    context = {
        **report_context(year, svg=True),
        "print": True,
        "base_url": base_url.rstrip("/"),
        "now": timezone.localdate(),
        "frozen_on": frozen_on,
        "version": version,
    }
    return render_to_string("reports/print.html", context, request=request)


class PdfUnavailable(Exception):
    """This machine lacks WeasyPrint's system libraries; the message says how to add them."""


def report_pdf(year: int, *, base_url: str) -> bytes:
    return pdf_from_html(report_html(year, base_url=base_url), base_url=base_url)


def pdf_from_html(html: str, *, base_url: str) -> bytes:
    reason = weasyprint_missing()
    if reason:
        raise PdfUnavailable(reason)
    weasyprint = load_weasyprint()
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))]
    )


def report_body(year: int, *, frozen_on) -> str:
    """The report's body as the web page shows it (charts as their Vega-Lite specs with the data
    inside), for a published snapshot."""
    context = {**report_context(year), "base_url": "", "frozen_on": frozen_on}
    return render_to_string("reports/_intro.html", context) + render_to_string("reports/_body.html", context)


_HREF = re.compile(r'href="(?P<host>https?://[^/"]+)?(?P<path>/[^"#?]*)(?P<rest>[^"]*)"')


def public_links(html: str, year: int) -> str:
    """Links to pages anyone may open stay; a link to a staff-only page (the registry, the income
    ledger, the reconciliation) becomes a link to the year's declared figures and their sources."""
    sources = reverse("reports:sources", args=[year])

    def replace(match: re.Match) -> str:
        try:
            view = resolve(match["path"]).func
        except Resolver404:
            view = None
        if view is not None and getattr(view, "metrohub_public", False):
            return match[0]
        return f'href="{match["host"] or ""}{sources}"'

    return _HREF.sub(replace, html)
