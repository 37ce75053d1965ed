from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset):
    return Paginator(queryset, settings.METROHUB_PAGE_SIZE).get_page(request.GET.get("page"))


def include_synthetic(request) -> bool:
    """Demo records show only when asked for (`?synthetic=1`); the page then badges them."""
    return request.GET.get("synthetic") == "1"


def year_param(request, default: int) -> int:
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 1900 <= year <= 2100 else default
