"""The 2024 annual report, loaded: every annex member in its region, the new members with the
report's descriptions, the board with titles, and the declared figures beside computed ones."""

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from metrohub.core.datasets import source_document
from metrohub.core.metrics import reconcile
from metrohub.core.testing import load_dataset_2024
from metrohub.network.models import Office, Organisation, Person
from metrohub.network.services import organisation_find

REPORT = source_document()
DATA = Path(__file__).resolve().parents[1] / "2024"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_member_of_the_annex_is_in_its_region(data_2024):
    for row in rows("members.csv"):
        organisation = organisation_find(row["name"])
        assert organisation is not None, row["name"]
        assert organisation.region.code == row["region"], row["name"]
        assert "Annexes" in organisation.source
    by_region = Counter(
        Organisation.objects.filter(membership__isnull=False).values_list("region__code", flat=True)
    )
    assert by_region == {
        "africa": 26,
        "eurasia-middle-east": 20,
        "asia": 65,
        "europe": 18,
        "latin-america-caribbean": 24,
        "north-america": 7,
    }


def test_the_new_members_of_2024_carry_the_reports_descriptions(data_2024):
    expected = {
        "Canton de Genève": "The smallest metropolis in the world",
        "Chișinău": "Known as the “white stone city”",
        "Grande Porto Alegre": "Pioneers of modern participatory budgeting",
        "Praia": "Cape Verde’s largest city",
        "Santa Cruz de la Sierra": "Home to a fourth of Bolivia’s population",
        "Shijiazhuang": "A major transport hub",
        "Belém do Pará": "The gateway to the Amazon",
        "Sejong": "Founded in 2007",
    }
    for name, description in expected.items():
        organisation = organisation_find(name)  # the report's other spelling finds the annex entry
        assert organisation.description == description
        assert organisation.membership.joined_year == 2024
        assert organisation.membership.periods.get().category == "full"
    gzass = organisation_find("Guangzhou Academy for Social Science")
    assert gzass.membership.periods.get().category == "associate"
    assert gzass.description.startswith("Founded in 1981, GZASS")


def test_the_board_and_presidency_with_titles(data_2024):
    president = Office.objects.get(body__slug="presidency", end__isnull=True)
    assert (president.person.name, president.title, president.organisation.name) == (
        "Barthélémy Dias",
        "Mayor of Dakar",
        "Dakar",
    )
    board = Office.objects.filter(body__slug="board-of-directors")
    assert board.count() == 35
    assert board.get(person__name="Valérie Plante").title == "Mayor of Montréal"
    assert board.get(person__name="Elisenda Alamany").organisation.name == "Metropolitan Area of Barcelona"


def test_every_member_and_board_name_appears_in_the_report():
    # The data files hold nothing the report does not say (names compared with line breaks folded).
    text = re.sub(r"\s+", " ", REPORT.read_text(encoding="utf-8")) if REPORT.exists() else None
    if text is None:
        pytest.skip(f"the report is not at {REPORT}")
    for row in rows("board.csv"):
        assert row["person"] in text and row["title"] in text, row


def test_loading_twice_duplicates_nothing(data_2024):
    # given the 2024 data: organisations, people and offices on record
    counts = (Organisation.objects.count(), Person.objects.count(), Office.objects.count())
    assert all(counts), counts
    # when loaded again, then nothing at all is added
    assert "nothing added" in load_dataset_2024()
    assert (Organisation.objects.count(), Person.objects.count(), Office.objects.count()) == counts


def test_declared_figures_stand_beside_computed_ones_and_differences_show(data_2024):
    figures = {row.declared.key: row for row in reconcile(period=2024)}
    assert figures["network.members.total"].declared.value == 164
    assert figures["network.members.total"].computed == 160  # the annex lists 160: not padded to agree
    assert not figures["network.members.total"].agrees
    assert figures["network.members.new"].computed == 8 and figures["network.members.new"].agrees
    assert figures["network.associates.new"].computed == 1


def test_the_directory_shows_declared_beside_computed_and_flags_the_difference(client, data_2024):
    page = client.get("/members/").content.decode()
    assert 'data-figure="network.members.total-declared">164<' in page
    assert ">160</a>" in page
    assert "Difference: -4" in page
    assert "Metropolis Annual Report 2024, Membership Review" in page
