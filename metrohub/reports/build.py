"""The annual report for a year, as HTML for the page and as PDF (WeasyPrint)."""

from pathlib import Path

from django.template.loader import render_to_string
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


def report_html(year: int, *, base_url: str, request=None) -> str:
    """The standalone printable HTML (charts as SVG, links made absolute with `base_url`)."""
    context = {
        **report_context(year, svg=True),
        "print": True,
        "base_url": base_url.rstrip("/"),
        "now": timezone.localdate(),
    }
    return render_to_string("reports/print.html", context, request=request)


class PdfUnavailable(Exception):
    """This machine lacks WeasyPrint's system libraries; the message says how to add them."""


def report_pdf(year: int, *, base_url: str) -> bytes:
    reason = weasyprint_missing()
    if reason:
        raise PdfUnavailable(reason)
    weasyprint = load_weasyprint()
    html = report_html(year, base_url=base_url)
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(PRINT_CSS))]
    )
