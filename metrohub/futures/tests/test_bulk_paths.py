"""The fast paths give the same answers as the plain ones: the bulk write of an import (SQLite's
JSON chunks, PostgreSQL's COPY) and the API's own tables of a release."""

import pytest

from metrohub.futures import observations, release_writer, selectors
from metrohub.futures.models import City, Observation
from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv

AWKWARD = [
    ("dakar-test", "unemployment", 2020, 0.30000000000000004, "", "", "", "a source", ""),
    ("dakar-test", "unemployment", 2021, 12.345678901234567, "", "metropolitan", "", "", "note: é ü 中"),
    ("lisbon-test", "unemployment", 2021, 1e-300, "", "", "", "", ""),
]


def test_the_bulk_write_keeps_every_value_exactly_in_chunks(cities, policy_staff, monkeypatch):
    # given chunks of two rows, so that the file is written in several statements
    monkeypatch.setattr(observations, "INSERT_CHUNK", 2)
    rows = GOOD_ROWS + AWKWARD
    record = observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(rows))
    # then every row is there, with its float exactly as written, its text and its import
    assert Observation.objects.count() == len(rows) == 8
    stored = {
        (o.city.code, o.indicator.code, o.year): o
        for o in Observation.objects.select_related("city", "indicator")
    }
    assert stored["dakar-test", "unemployment", 2020].value == 0.30000000000000004
    assert stored["dakar-test", "unemployment", 2021].value == 12.345678901234567
    assert stored["lisbon-test", "unemployment", 2021].value == 1e-300
    note = stored["dakar-test", "unemployment", 2021]
    assert (note.note, note.boundary) == ("note: é ü 中", "metropolitan")
    assert {o.imported_id for o in stored.values()} == {record.pk}
    # and importing again revises in place, tied to the new import
    again = observations_import(
        actor=policy_staff,
        file_name="b.csv",
        content=tidy_csv([("dakar-test", "pm25", 2022, 1.5, "", "", "", "b", "")]),
    )
    revised = Observation.objects.get(city__code="dakar-test", indicator__code="pm25", year=2022)
    assert (revised.value, revised.source, revised.imported_id) == (1.5, "b", again.pk)
    assert Observation.objects.count() == 8


@pytest.fixture
def two_layouts(cities, policy_staff, monkeypatch):
    """Release 1 without the API's tables (as published before they existed), release 2 with them,
    from the same drafts plus one value no query reads."""
    City.objects.create(code="quoted", name='Saint-Étienne "Test"', population=200_000)
    rows = [
        *GOOD_ROWS,
        ("quoted", "pm25", 2023, 14.5, "", "", "", "", ""),
        ("quoted", "pm25", 2023, 15.5, "", "metropolitan", "modelled", "", ""),
        ("dakar-test", "pm25", 2021, 33.0, "", "", "", "", ""),
    ]
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(rows))
    with monkeypatch.context() as patch:
        patch.setattr(release_writer, "lay_out_for_api", lambda con: None)
        old = release_publish(actor=policy_staff)
    # a release needs a change: one value that none of the queries below reads
    observations_import(
        actor=policy_staff,
        file_name="b.csv",
        content=tidy_csv([("lisbon-test", "unemployment", 2019, 7.0, "", "", "", "", "")]),
    )
    new = release_publish(actor=policy_staff)
    assert (selectors.catalogue(old).api_tables, selectors.catalogue(new).api_tables) == (False, True)


QUERIES = [
    "ranking?indicator=pm25&year=2023",
    "ranking?indicator=pm25&year=2023&group=region",
    "ranking?indicator=pm25&year=2023&group=band",
    "ranking?indicator=pm25&year=2023&group=members",
    "ranking?indicator=pm25&year=2023&members=true&group=overall",
    "ranking?indicator=pm25&year=2022&band=1m-5m",
    "ranking?indicator=pm25&year=2023&region=nowhere",
    "series?indicator=pm25&cities=dakar-test,quoted,lisbon-test",
    "series?indicator=pm25&cities=elsewhere",
    "series?indicator=unemployment&cities=quoted",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_tables_answer_as_the_ranking_and_observations_do(two_layouts, client, query):
    old = client.get(f"/api/v1/futures/{query}&release=1")
    new = client.get(f"/api/v1/futures/{query}&release=2")
    assert old.status_code == new.status_code == 200
    old, new = old.json(), new.json()
    assert (old.pop("release"), new.pop("release")) == (1, 2)
    assert new == old
    if query == "ranking?indicator=pm25&year=2023":
        assert [r["city_name"] for r in new["rows"]][-1] == "Elsewhere" and len(new["rows"]) == 4
    if query.startswith("series?indicator=pm25&cities=dakar"):
        assert len(new["rows"]) == 6 and new["rows"][-1]["city_name"] == 'Saint-Étienne "Test"'
