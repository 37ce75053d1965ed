"""What the finance pages share: filtering and paging a list, and its CSV/XLSX twin."""

from metrohub.core.exports import table_response
from metrohub.core.pagination import paginate
from metrohub.finance.permissions import can_manage_finance, can_view_finance


def listing(request, *, form, select) -> dict:
    """The filter form, the filtered queryset and its page."""
    filters = form.filters() if request.GET else {}
    queryset = select(**filters)
    page = paginate(request, queryset)
    return {"form": form, "queryset": queryset, "page": page, "filters": filters}


def export(fmt: str, *, filename: str, header, rows):
    return table_response(fmt, filename=filename, header=header, rows=rows)


def finance_context(request) -> dict:
    """Which of the finance tabs the user may open."""
    return {
        "can_view_finance": can_view_finance(request.user),
        "can_manage_finance": can_manage_finance(request.user),
    }
