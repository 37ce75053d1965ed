"""List pages: one definition gives a page its filters, sortable table and pager, and gives the
same rows to its CSV, XLSX and JSON twins.

A list page is declared once, as a `Listing`: the records it starts from, a django-filter
`FilterSet` (the filter form, with Bootstrap's classes), its `Column`s (a label; how to get the
value for the twins; the field it sorts by, if any; a template for the page's cell, if the cell
shows more than the value), the default sort and the page size. The view makes one call:

    return PROJECTS.render(request, "projects/project_list.html", {...})

which answers the page — the filter form, the rows filtered, sorted and paginated, sort links
that keep the filters and carry `aria-sort` — or, for `?format=csv|xlsx|json`, its twin: the
same filters, the same sort, every row (up to the export cap), the definition's export columns.
An app's older export address (`/projects/projects.csv`) calls `listing.export(request, fmt)`
(`listing.views(guard, template)` gives an app the page and that address as two views), so it answers
the same file; it keeps the decorator of the page it belongs to, so a twin is
refused exactly where its page is. A public listing simply has no private column: what is not
declared cannot be exported, filtered or sorted on (an unknown `sort` falls back to the default).

The query string stays what the README and the tests use: `sort=name` / `sort=-name`, `page=`,
and each filter under its own name; an invalid filter value is dropped and shown as the field's
error, never a 500.

Why our own partials and not django-tables2: the pages are server-rendered and htmx swaps a
list's results region in place (the member directory's filters and pager use `hx-get` on
`#results`), which wants a table partial we can include inside that region, with our pager and
its `hx-` attributes, not a rendered table object. django-tables2's export goes through tablib,
outside `core.exports`, the one CSV/XLSX writer that neutralises formulas; its sort parameter
and `aria-sort` would need overriding to keep our URLs. What it would give us — column
declarations, sort links, a pager — is the few dozen lines below. So: django-filter for the
filters (its FilterSet is the form and the query), our `_list_table.html` and `_pagination.html`
for the page, `core.exports.table_response` for the files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Page
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.functional import Promise, cached_property
from django.utils.http import urlencode

from metrohub.core.exports import table_response
from metrohub.core.forms import BootstrapMixin
from metrohub.core.pagination import paginate

FORMATS = ("csv", "xlsx", "json")


# Filters ---------------------------------------------------------------------------------------


class FilterForm(BootstrapMixin, forms.Form):
    """A FilterSet's form: Bootstrap's classes, invalid fields marked for assistive technology."""


class ListFilterSet(django_filters.FilterSet):
    """Base of every list's filters. An invalid value (a year of "abc") leaves that filter out
    and shows its error beside the field: django-filter filters with the form's cleaned data,
    which holds only the valid fields."""

    class Meta:
        form = FilterForm

    def filter_queryset(self, queryset):
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a year): django-filter's NumberFilter would take "2024.5"."""

    field_class = forms.IntegerField


class SearchFilter(django_filters.CharFilter):
    """A search box that looks for its text in any of the given lookups (`q=` on every list)."""

    def __init__(self, *lookups: str, **kwargs):
        self.lookups = lookups
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(method=self.search, **kwargs)

    def search(self, queryset, name, value):
        condition = Q()
        for lookup in self.lookups:
            condition |= Q(**{f"{lookup}__icontains": value})
        return queryset.filter(condition)


# Columns ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a list. `value` is an attribute path ("city.name") or a function of the row;
    it gives the twins' cell and, without a `cell` template, the page's. `sort` is the field (or
    fields) the column sorts by; None: not sortable. `cell` is a template (a partial, like
    "projects/project_list.html#project") rendered with `row` and `value`."""

    key: str
    label: str | Promise
    value: str | Callable[[Any], Any] | None = None
    sort: str | tuple[str, ...] | None = None
    cell: str | None = None
    on_page: bool = True
    in_export: bool = True
    numeric: bool = False
    heading: str | Promise | None = None  # the page's header, when it differs from the twins'

    def get(self, row) -> Any:
        getter = self.value if self.value is not None else self.key
        if callable(getter):
            return getter(row)
        value = row
        for part in getter.split("."):
            value = getattr(value, part, None) if value is not None else None
            if callable(value) and not isinstance(value, type):
                value = value()
        return value


@dataclass
class Header:
    column: Column
    url: str | None  # the link that sorts by this column (None: not sortable)
    aria_sort: str | None  # "ascending" / "descending" on the sorted column


@dataclass
class Row:
    object: Any
    cells: list[tuple[Column, Any]]


@dataclass
class ListPage:
    """What a list page's template gets, as `listing`."""

    definition: Listing
    filterset: ListFilterSet | None
    queryset: QuerySet
    sort: str
    page: Page
    headers: list[Header]
    export_links: list[tuple[str, str]]

    @property
    def form(self):
        return self.filterset.form if self.filterset is not None else None

    @cached_property
    def rows(self) -> list[Row]:
        columns = self.definition.page_columns
        return [Row(obj, [(c, c.get(obj)) for c in columns]) for obj in self.page]

    @property
    def count(self) -> int:
        return self.page.paginator.count


# The definition --------------------------------------------------------------------------------


@dataclass
class Listing:
    """One list page, its filters, columns and twins (see the module's docstring)."""

    name: str  # the twins' file name
    queryset: Callable[..., QuerySet]  # the records before filtering: f(request)
    columns: Sequence[Column]
    default_sort: str
    filterset: type[ListFilterSet] | None = None
    per_page: int | None = None
    tiebreak: tuple[str, ...] = ("pk",)
    lead: tuple[str, ...] = ()  # an order before the chosen sort (the real records before the synthetic)
    sorts: dict[str, str | tuple[str, ...]] = field(default_factory=dict)  # sort keys with no column
    # An older twin address: a URL name taking `fmt`, or {fmt: URL name}; else `?format=` on the page.
    export_url: str | dict[str, str] | None = None
    formats: tuple[str, ...] = FORMATS
    page_order: Sequence[str] = ()  # the page's column order, when it differs from the twins'

    @property
    def page_columns(self) -> list[Column]:
        columns = [c for c in self.columns if c.on_page]
        if self.page_order:
            columns.sort(key=lambda c: self.page_order.index(c.key))
        return columns

    @property
    def export_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_export]

    def sort_fields(self) -> dict[str, tuple[str, ...]]:
        fields = {c.key: c.sort for c in self.columns if c.sort}
        fields.update(self.sorts)
        return {key: (value,) if isinstance(value, str) else tuple(value) for key, value in fields.items()}

    # Reading -----------------------------------------------------------------------------------

    def chosen_sort(self, request: HttpRequest) -> str:
        """The `sort` asked for when the list knows it, else the default."""
        sort = request.GET.get("sort", "")
        return sort if sort.lstrip("-") in self.sort_fields() and sort.count("-") <= 1 else self.default_sort

    def sorted(self, queryset: QuerySet, sort: str) -> QuerySet:
        paths = self.sort_fields()[sort.lstrip("-")]
        descending = sort.startswith("-")
        order = [F(p).desc(nulls_last=True) if descending else F(p).asc(nulls_last=True) for p in paths]
        return queryset.order_by(*self.lead, *order, *self.tiebreak)

    def filtered(self, request: HttpRequest) -> tuple[ListFilterSet | None, QuerySet]:
        queryset = self.queryset(request)
        if self.filterset is None:
            return None, queryset
        filterset = self.filterset(request.GET or None, queryset=queryset, request=request)
        return filterset, filterset.qs

    def rows(self, request: HttpRequest) -> tuple[ListFilterSet | None, QuerySet, str]:
        """The filter set, the filtered and sorted rows, and the sort in force."""
        filterset, queryset = self.filtered(request)
        sort = self.chosen_sort(request)
        return filterset, self.sorted(queryset, sort), sort

    # The page ----------------------------------------------------------------------------------

    def page(self, request: HttpRequest) -> ListPage:
        filterset, queryset, sort = self.rows(request)
        page = paginate(request, queryset, self.per_page)
        sortable = self.sort_fields()
        headers = []
        for column in self.page_columns:
            if column.key not in sortable:
                headers.append(Header(column, None, None))
                continue
            current = sort.lstrip("-") == column.key
            target = f"-{column.key}" if sort == column.key else column.key
            aria = ("descending" if sort.startswith("-") else "ascending") if current else None
            headers.append(Header(column, _query(request, sort=target, page=None), aria))
        return ListPage(
            definition=self,
            filterset=filterset,
            queryset=queryset,
            sort=sort,
            page=page,
            headers=headers,
            export_links=[(fmt.upper(), self.export_link(request, fmt)) for fmt in self.formats],
        )

    def export_link(self, request: HttpRequest, fmt: str) -> str:
        query = _query(request, page=None, format=None)
        if isinstance(self.export_url, str):
            return reverse(self.export_url, args=[fmt]) + query
        if isinstance(self.export_url, dict) and fmt in self.export_url:
            return reverse(self.export_url[fmt]) + query
        return request.path + _query(request, page=None, format=fmt)

    def render(self, request: HttpRequest, template: str, context: dict | None = None, **kwargs):
        """The page, or its twin when the query asks for `format=csv|xlsx|json`."""
        fmt = request.GET.get("format")
        if fmt in self.formats:
            return self.export(request, fmt)
        return render(request, template, {**(context or {}), "listing": self.page(request)}, **kwargs)

    def views(
        self,
        guard: Callable[[Callable], Callable],
        template: str,
        context: Callable[[HttpRequest], dict] | None = None,
    ) -> tuple[Callable, Callable]:
        """The list page and its older export address (`fmt`) as two views under one `guard`
        (`public`, or `permission(rule)`), so a twin is refused exactly where its page is;
        `context(request)` adds to the page's context.

            project_list, project_export = PROJECTS.views(public, "projects/project_list.html")
        """

        def page(request: HttpRequest) -> HttpResponse:
            return self.render(request, template, context(request) if context else None)

        def export(request: HttpRequest, fmt: str) -> HttpResponse:
            return self.export(request, fmt)

        page.__name__, export.__name__ = f"{self.name}_page", f"{self.name}_export"
        return guard(page), guard(export)

    # The twins ---------------------------------------------------------------------------------

    def export(self, request: HttpRequest, fmt: str) -> HttpResponse:
        """Every filtered row, in the page's order, with the export columns."""
        _filterset, queryset, sort = self.rows(request)
        columns = self.export_columns
        header = [force_str(c.label) for c in columns]
        rows = ([c.get(obj) for c in columns] for obj in _iterate(queryset))
        if fmt == "json":
            return self.json(columns, queryset, sort, request)
        return table_response(fmt, filename=f"metrohub-{self.name}", header=header, rows=rows)

    def json(self, columns, queryset, sort, request) -> JsonResponse:
        cap = settings.METROHUB_EXPORT_ROW_CAP
        objects = list(islice(_iterate(queryset), cap + 1))
        body = {
            "columns": [{"key": c.key, "label": force_str(c.label)} for c in columns],
            "sort": sort,
            "filters": {k: v for k, v in request.GET.items() if k not in ("format", "page", "sort")},
            "count": min(len(objects), cap),
            "truncated": len(objects) > cap,
            "rows": [{c.key: _json_value(c.get(obj)) for c in columns} for obj in objects[:cap]],
        }
        return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _iterate(queryset):
    # A queryset with prefetches needs a chunk size to iterate without loading all at once.
    return queryset.iterator(chunk_size=2000) if isinstance(queryset, QuerySet) else iter(queryset)


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return f"{value:f}" if value.is_finite() else None  # exact, as the CSV writes it
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_json_value(v) for v in value]
    return force_str(value)


def _query(request: HttpRequest, **changes) -> str:
    """The request's query string with some parameters changed (None removes one)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


__all__ = ["Column", "IntegerFilter", "ListFilterSet", "ListPage", "Listing", "SearchFilter"]
