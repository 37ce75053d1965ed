__all__ = ["include_synthetic", "year_param"]


def include_synthetic(request) -> bool:
    """Demo records show only when asked for (`?synthetic=1`); the page then badges them."""
    return request.GET.get("synthetic") == "1"


def year_param(request, default: int) -> int:
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 1900 <= year <= 2100 else default
