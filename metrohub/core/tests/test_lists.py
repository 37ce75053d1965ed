"""The list component: one definition filters, sorts and pages a list, and its twins carry the
same rows in the same order."""

import csv
import io
import json
from decimal import Decimal

import django_filters
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from openpyxl import load_workbook

from metrohub.core.lists import Column, IntegerFilter, ListFilterSet, Listing, SearchFilter
from metrohub.core.models import DeclaredFigure

pytestmark = pytest.mark.django_db


class FigureFilter(ListFilterSet):
    q = SearchFilter("key", "label")
    unit = django_filters.ChoiceFilter(choices=[("members", "members"), ("EUR", "EUR")], empty_label="Any")
    period = IntegerFilter(min_value=1900, max_value=2100)


FIGURES = Listing(
    name="figures",
    queryset=lambda request: DeclaredFigure.objects.all(),
    filterset=FigureFilter,
    default_sort="key",
    per_page=3,
    columns=[
        Column("key", "Key", sort="key"),
        Column("period", "Year", sort="period", numeric=True),
        Column("value", "Value", sort="value", numeric=True),
        Column("label", "Label", value=lambda f: f.label.upper()),
        Column("note", "Note", on_page=False),
    ],
)


def figure(key: str, *, period: int = 2024, value: str = "1", unit: str = "members", note: str = ""):
    return DeclaredFigure.objects.create(
        key=key,
        period=period,
        value=Decimal(value),
        unit=unit,
        label=key,
        document="d",
        section="s",
        note=note,
    )


def get(query: str = ""):
    return RequestFactory().get("/figures/" + (f"?{query}" if query else ""))


@pytest.fixture
def seven():
    # given seven figures, two of them in euros, with values in the reverse order of their keys
    for n, key in enumerate("abcdefg"):
        figure(f"k.{key}", value=str(70 - 10 * n), unit="EUR" if key in "bd" else "members")


def keys(page) -> list[str]:
    return [row.object.key for row in page.rows]


def test_the_default_sort_and_the_first_page(seven):
    page = FIGURES.page(get())
    assert (page.sort, keys(page), page.count) == ("key", ["k.a", "k.b", "k.c"], 7)


def test_sorting_both_ways(seven):
    assert keys(FIGURES.page(get("sort=value"))) == ["k.g", "k.f", "k.e"]
    assert keys(FIGURES.page(get("sort=-value"))) == ["k.a", "k.b", "k.c"]


@pytest.mark.parametrize("sort", ["note", "-note", "label", "nothing", "--key", "key;drop", ""])
def test_an_unknown_or_unsortable_key_falls_back_to_the_default(seven, sort):
    # "note" is a column of the twins only, "label" a column without a sort
    page = FIGURES.page(get(f"sort={sort}"))
    assert (page.sort, keys(page)) == ("key", ["k.a", "k.b", "k.c"])


def test_filtering_and_an_invalid_filter_is_dropped_and_reported(seven):
    assert keys(FIGURES.page(get("unit=EUR"))) == ["k.b", "k.d"]
    assert keys(FIGURES.page(get("q=k.f"))) == ["k.f"]
    page = FIGURES.page(get("unit=EUR&period=abc"))
    assert keys(page) == ["k.b", "k.d"]
    assert "period" in page.form.errors and "is-invalid" in str(page.form["period"])


@pytest.mark.parametrize(
    ("number", "expected"),
    [("1", 1), ("3", 3), ("4", 3), ("0", 1), ("-2", 1), ("abc", 1), ("9" * 40, 3), ("", 1)],
)
def test_any_page_number_gives_a_page(seven, number, expected):
    page = FIGURES.page(get(f"page={number}"))
    assert page.page.number == expected
    assert len(page.rows) == (1 if expected == 3 else 3)


def test_sort_links_keep_the_filters_drop_the_page_and_flip_the_direction(seven):
    page = FIGURES.page(get("unit=members&sort=value&page=2"))
    headers = {h.column.key: h for h in page.headers}
    assert headers["value"].url == "?sort=-value&unit=members"
    assert headers["value"].aria_sort == "ascending"
    assert headers["period"].url == "?sort=period&unit=members"
    assert headers["period"].aria_sort is None
    assert headers["label"].url is None  # not sortable
    assert "note" not in headers  # a column of the twins only
    html = render_to_string(
        "core/_list_table.html", {"listing": page, "caption": "Figures", "empty": "None"}, request=get()
    )
    assert html.count('aria-sort="ascending"') == 1 and 'aria-sort="descending"' not in html
    descending = FIGURES.page(get("sort=-value"))
    assert {h.column.key: h for h in descending.headers}["value"].aria_sort == "descending"


def test_export_links_keep_the_filters_and_the_sort_not_the_page(seven):
    page = FIGURES.page(get("unit=EUR&sort=-value&page=2"))
    assert dict(page.export_links)["CSV"] == "/figures/?format=csv&sort=-value&unit=EUR"


def every_page_keys(query: str) -> list[str]:
    first = FIGURES.page(get(query))
    found = []
    for number in range(1, first.page.paginator.num_pages + 1):
        found += keys(FIGURES.page(get(f"{query}&page={number}")))
    return found


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("query", ["sort=-value", "unit=members&sort=period", "q=k&sort=key"])
def test_the_twins_carry_the_rows_of_every_page_in_the_same_order(seven, query):
    # when the list runs over several pages
    expected = every_page_keys(query)
    assert len(expected) > FIGURES.per_page
    # then each twin holds all of them, in the page's order
    rows = csv_rows(FIGURES.export(get(query), "csv"))
    assert rows[0] == ["Key", "Year", "Value", "Label", "Note"]
    assert [r[0] for r in rows[1:]] == expected
    workbook = load_workbook(io.BytesIO(FIGURES.export(get(query), "xlsx").content))
    assert [r[0] for r in list(workbook.active.values)[1:]] == expected
    body = json.loads(FIGURES.export(get(query), "json").content)
    assert [r["key"] for r in body["rows"]] == expected


def test_the_page_answers_its_twin_for_format(seven, settings):
    response = FIGURES.render(get("format=csv&unit=EUR"), "unused.html")
    assert response["Content-Disposition"] == 'attachment; filename="metrohub-figures.csv"'
    assert [r[0] for r in csv_rows(response)[1:]] == ["k.b", "k.d"]


def test_the_json_twin_shape(seven, settings):
    # given a cap below the number of rows
    settings.METROHUB_EXPORT_ROW_CAP = 2
    body = json.loads(FIGURES.export(get("unit=members&sort=-value&page=2&format=json"), "json").content)
    assert body["columns"][:2] == [{"key": "key", "label": "Key"}, {"key": "period", "label": "Year"}]
    assert (body["sort"], body["filters"], body["count"], body["truncated"]) == (
        "-value",
        {"unit": "members"},
        2,
        True,
    )
    assert body["rows"][0] == {"key": "k.a", "period": 2024, "value": "70.0000", "label": "K.A", "note": ""}


def test_a_twin_never_emits_a_formula(seven):
    figure("k.z", note='=HYPERLINK("http://evil.example","click")')
    rows = csv_rows(FIGURES.export(get("q=k.z"), "csv"))
    assert rows[1][-1] == '\'=HYPERLINK("http://evil.example","click")'
