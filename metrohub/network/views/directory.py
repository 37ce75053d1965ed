"""The member directory, public and staff: one filter set, two listings (the public one has no
private column, so its twins cannot carry one, and its page cannot filter or sort on one)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.network.forms import DirectoryFilter, PublicDirectoryFilter
from metrohub.network.selectors import organisations_with_membership, public_organisations

CELLS = "network/_directory_results.html"


def _columns(*, staff: bool) -> list[Column]:
    name_cell = f"{CELLS}#{'staff-name' if staff else 'public-name'}"
    columns = [
        Column("name", _("Name"), sort="name", cell=name_cell),
        Column("region", _("Region"), value="region.label", sort="region__order"),
        Column("country", _("Country"), sort="country"),
        Column("kind", _("Kind"), value="get_kind_display", sort="kind"),
        Column(
            "category",
            _("Category"),
            value="current_category",
            sort="current_category",
            cell=f"{CELLS}#category",
        ),
        Column("status", _("Status"), value="current_status", sort="current_status", cell=f"{CELLS}#status"),
        Column(
            "joined",
            _("Joined"),
            value="membership.joined_year",
            sort="membership__joined_year",
            numeric=True,
        ),
        Column("population", _("Population"), sort="population", numeric=True, cell=f"{CELLS}#population"),
    ]
    return columns if staff else [c for c in columns if c.key not in ("status", "population")]


MEMBERS = Listing(
    name="members",
    queryset=lambda request: public_organisations(),
    filterset=PublicDirectoryFilter,
    columns=_columns(staff=False),
    default_sort="name",
    tiebreak=("name", "pk"),
    export_url={"csv": "network:member_directory_csv"},
)
REGISTRY = Listing(
    name="registry",
    queryset=lambda request: organisations_with_membership(),
    filterset=DirectoryFilter,
    columns=_columns(staff=True),
    default_sort="name",
    tiebreak=("name", "pk"),
    export_url="network:directory_export",
)


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
