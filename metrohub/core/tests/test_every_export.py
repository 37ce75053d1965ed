"""A formula-bearing text in every record, through every CSV and XLSX download of the site.

The downloads are found, not listed: every route with a `fmt` (csv|xlsx) argument or a .csv/.xlsx
name, and every route whose view switches on `?format=`. Every text field of every record is set
to a formula first; then no cell of any download may be a formula (XLSX data type "f") or begin
like one.
"""

import csv
import importlib
import inspect
import io

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction
from django.urls import get_resolver
from openpyxl import load_workbook

from metrohub.core.exports import FORMULA_TRIGGERS, neutralise
from metrohub.core.tests.test_permission_matrix import delegated, iter_views, url_of, world  # noqa: F401
from metrohub.network.tests.factories import make_user

FORMULA = '=HYPERLINK("http://evil.example","click")'
# Fields the site writes itself, never a person: a formula there is not an attack but a broken site.
SYSTEM_FIELDS = {"futures.release.directory", "futures.release.manifest", "accounts.user.password"}


def poison_every_text_field() -> int:
    """Set every free-text field (no choices, not unique) of every metrohub record to FORMULA."""
    changed = 0
    for model in apps.get_models():
        if not model.__module__.startswith("metrohub.") or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, (models.CharField, models.TextField)) or field.choices or field.unique:
                continue
            if f"{model._meta.label_lower}.{field.name}" in SYSTEM_FIELDS:
                continue
            try:
                with transaction.atomic():
                    changed += model._base_manager.update(**{field.name: FORMULA + f" {field.name}"})
            except DatabaseError:  # a field in a unique constraint with other rows: leave it
                continue
    return changed


def csv_bytes(header: list, rows: list) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def futures_release(settings, tmp_path, actor) -> None:
    """A published Metro Futures release whose city, strategy and note are formulas."""
    from metrohub.futures.models import City
    from metrohub.futures.services import (
        catalogue_load,
        observations_import,
        release_publish,
        strategies_import,
    )

    settings.METROHUB_FUTURES_DIR = tmp_path / "futures"
    catalogue_load()
    City.objects.create(code="poisoned", name=FORMULA, population=1_000_000, latitude=1, longitude=1)
    City.objects.create(code="other", name="Other", population=2_000_000, latitude=2, longitude=2)
    observations = [
        [c, "pm25", 2023, v, "", "", "", FORMULA, FORMULA] for c, v in [("poisoned", 30), ("other", 20)]
    ]
    header = ["city", "indicator", "year", "value", "unit", "boundary", "method", "source", "note"]
    observations_import(actor=actor, file_name="o.csv", content=csv_bytes(header, observations))
    strategies = csv_bytes(["city", "title", "level", "summary"], [["poisoned", FORMULA, "local", FORMULA]])
    strategies_import(actor=actor, file_name="s.csv", content=strategies)
    release_publish(actor=actor)


def has_format_switch(callback) -> bool:
    module = importlib.import_module(getattr(callback, "__module__", "") or "builtins")
    try:
        return 'GET.get("format"' in inspect.getsource(module)
    except (OSError, TypeError):
        return False


def downloads(kwargs: dict):
    """(url) of every CSV/XLSX download of the URL configuration."""
    kwargs = {**kwargs, "indicator": "pm25", "city": "poisoned"}
    for namespace, route, entry in iter_views(get_resolver().url_patterns):
        if delegated(namespace, route):
            continue
        groups = entry.pattern.regex.groupindex
        if "fmt" in groups:
            for fmt in ("csv", "xlsx"):
                yield url_of(namespace, entry, {**kwargs, "fmt": fmt})
        elif route.rstrip("$").endswith((".csv", r"\.csv", ".xlsx", r"\.xlsx")):
            yield url_of(namespace, entry, kwargs)
        elif has_format_switch(entry.callback) and "embed" not in route:
            url = url_of(namespace, entry, kwargs)
            extra = "&cities=poisoned&cities=other&city=poisoned" if "?" not in url else ""
            for fmt in ("csv", "xlsx"):
                yield f"{url}?format={fmt}{extra}"


def cells_of(response) -> list:
    """Every cell of a CSV or XLSX download: (text, data type)."""
    if response["Content-Type"].startswith("text/csv"):
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return [(cell, "s") for row in csv.reader(io.StringIO(text)) for cell in row]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [(c.value, c.data_type) for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.django_db
def test_no_download_carries_a_live_formula(client, world, settings, tmp_path):  # noqa: F811
    # given every text of every record is a formula, and a release made of them
    admin = make_user("admin")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    futures_release(settings, tmp_path, admin)
    assert poison_every_text_field() > 50
    _users, kwargs = world
    client.force_login(admin)
    # when every download of the site is fetched
    carried, checked = [], []
    for url in downloads(kwargs):
        response = client.get(url)
        kind = response.get("Content-Type", "")
        if not kind.startswith(("text/csv", "application/vnd.openxmlformats")):
            # a page or a file, not a table: close the file it streams, but not the response (that
            # signals the request's end, which closes the test's database connection on PostgreSQL)
            for close_resource in response._resource_closers:
                close_resource()
            continue
        checked.append(url)
        cells = cells_of(response)
        # then no cell is a formula or begins like one (a plain number may begin with "-")
        for value, data_type in cells:
            assert data_type != "f", (url, value)
            if isinstance(value, str):
                assert not value.startswith(FORMULA_TRIGGERS) or neutralise(value) == value, (url, value)
        if any(isinstance(v, str) and v.startswith("'" + FORMULA) for v, _type in cells):
            carried.append(url)
    # and the formula did reach the downloads, public and staff, CSV and XLSX
    for expected in ["/members.csv", "/comms/subscribers.xlsx", "/registry/organisations.xlsx",
                     "/futures/strategies/?format=csv"]:  # fmt: skip
        assert any(url.startswith(expected) for url in carried), (expected, carried)
    assert len(checked) >= 25 and len(carried) >= 20, (checked, carried)
