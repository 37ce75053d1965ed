"""The member directory, public and staff: one selector, one filter form, two sets of fields."""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext as _

from metrohub.core.metrics import reconcile
from metrohub.core.models import Region
from metrohub.core.pagination import paginate
from metrohub.network.forms import DirectoryFilterForm
from metrohub.network.selectors import organisation_directory, public_directory

PUBLIC_COLUMNS = ["name", "region", "country", "kind", "category", "joined"]
STAFF_COLUMNS = ["name", "region", "country", "kind", "category", "status", "joined", "population"]


@dataclass
class Directory:
    form: DirectoryFilterForm
    page: object
    filters: dict
    queryset: object


def directory_for(request, *, members_only: bool) -> Directory:
    regions = list(Region.objects.all())
    form = DirectoryFilterForm(request.GET or None, regions=regions)
    filters = form.filters() if request.GET else {}
    # members_only: the public directory, with the public filters only
    queryset = public_directory(**filters) if members_only else organisation_directory(**filters)
    page = paginate(request, queryset)
    return Directory(form=form, page=page, filters=filters, queryset=queryset)


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


def render_directory(request, *, page_template: str, **context):
    """The whole page, or for htmx only the results (which do not show the figures)."""
    if request.headers.get("HX-Request"):
        return render(request, "network/_directory_results.html", context)
    return render(request, page_template, {**context, **reconciliation_context()})


def export_rows(queryset, columns: list[str]):
    for organisation in queryset.iterator(chunk_size=2000):
        values = {
            "name": organisation.name,
            "kind": organisation.get_kind_display(),
            "region": organisation.region.label if organisation.region else "",
            "country": organisation.country,
            "category": organisation.current_category or "",
            "joined": getattr(getattr(organisation, "membership", None), "joined_year", None) or "",
            "status": organisation.current_status or "",
            "population": organisation.population or "",
        }
        yield [values[column] for column in columns]


def column_titles(columns: list[str]) -> list[str]:
    titles = {
        "name": _("Name"),
        "kind": _("Kind"),
        "region": _("Region"),
        "country": _("Country"),
        "category": _("Category"),
        "joined": _("Joined"),
        "status": _("Status"),
        "population": _("Population"),
    }
    return [titles[c] for c in columns]
