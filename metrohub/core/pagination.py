"""Pages of a list: every list page asks here, so a page number from the query string — missing,
not a number, negative, zero or a thousand digits long — always gives a page, never a 500."""

from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator

# Beyond this a page number is only a way to make the database skip rows (or overflow: SQLite and
# DuckDB keep offsets in 64 bits); the list's last page is shown instead.
MAX_PAGE = 100_000


def requested_page(request, parameter: str = "page") -> int:
    """The page number asked for, between 1 and MAX_PAGE."""
    text = (request.GET.get(parameter) or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_PAGE)):
        return MAX_PAGE if text.isascii() and text.isdigit() else 1
    return min(max(int(text), 1), MAX_PAGE)


def paginate(request, object_list, per_page: int | None = None) -> Page:
    """The page of `object_list` the request asks for; past the end, the last page."""
    paginator = Paginator(object_list, per_page or settings.METROHUB_PAGE_SIZE)
    return paginator.get_page(requested_page(request))


def paginate_query(
    request, fetch: Callable[[int, int], tuple[int, Sequence]], per_page: int
) -> tuple[Page, Sequence]:
    """For a list that is not a queryset (a DuckDB query over a release): `fetch(limit, offset)`
    returns (total, rows of that window). Returns the page (its numbers, for the links) and rows;
    a page past the end gives the last page's rows."""
    number = requested_page(request)
    total, rows = fetch(per_page, (number - 1) * per_page)
    page = Paginator(range(total), per_page).get_page(number)
    if page.number != number:
        total, rows = fetch(per_page, (page.number - 1) * per_page)
    return page, rows
