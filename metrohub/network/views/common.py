"""The directory listing shared by the public directory and the staff registry."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _l

from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile

CELLS = "network/_directory_results.html"


def _columns(*, staff: bool) -> list[Column]:
    name_cell = f"{CELLS}#{'staff-name' if staff else 'public-name'}"
    columns = [
        Column("name", _l("Name"), sort="name", cell=name_cell),
        Column("region", _l("Region"), value="region.label", sort="region__order"),
        Column("country", _l("Country"), sort="country"),
        Column("kind", _l("Kind"), value="get_kind_display", sort="kind"),
        Column(
            "category",
            _l("Category"),
            value="current_category",
            sort="current_category",
            cell=f"{CELLS}#category",
        ),
        Column("status", _l("Status"), value="current_status", sort="current_status", cell=f"{CELLS}#status"),
        Column(
            "joined",
            _l("Joined"),
            value="membership.joined_year",
            sort="membership__joined_year",
            numeric=True,
        ),
        Column("population", _l("Population"), sort="population", numeric=True, cell=f"{CELLS}#population"),
    ]
    return columns if staff else [c for c in columns if c.key not in ("status", "population")]


def reconciliation_context() -> dict:
    """The latest year with declared registry figures, each beside what the records compute."""
    from metrohub.core.models import DeclaredFigure

    period = (
        DeclaredFigure.objects.filter(key__startswith="network.")
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    return {
        "figures": reconcile(period=period, prefix="network.") if period else [],
        "figures_period": period,
    }


def render_directory(request, listing: Listing, *, page_template: str, **context):
    """The whole page, or for htmx only the results (which do not show the figures); or a twin."""
    if request.GET.get("format") in listing.formats:
        return listing.export(request, request.GET["format"])
    context["listing"] = listing.page(request)
    if request.headers.get("HX-Request"):
        return render(request, "network/_directory_results.html", context)
    return render(request, page_template, {**context, **reconciliation_context()})
