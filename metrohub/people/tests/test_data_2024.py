"""The 2024 annual report's secretariat, loaded: every member of the annex with their position as
printed and its source, the levels with the new Associate Officer, and the declared headcount
beside what the records compute."""

import csv
import re
from pathlib import Path

import pytest

from metrohub.core.datasets import source_document
from metrohub.core.metrics import reconcile
from metrohub.core.testing import load_dataset_2024
from metrohub.people.models import Level, StaffMember

REPORT = source_document()
STAFF_CSV = Path(__file__).resolve().parents[2] / "datasets" / "2024" / "staff.csv"


def staff_rows() -> list[dict[str, str]]:
    with STAFF_CSV.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_member_of_the_annex_is_on_the_staff_with_position_and_source(data_2024):
    rows = staff_rows()
    assert len(rows) == 27
    for row in rows:
        staff = StaffMember.objects.get(name=row["name"])
        assert staff.position == row["position"]
        assert staff.source == "Metropolis Annual Report 2024 — Annexes — Members of Secretariat General"
    # the annex's own spelling is kept, "Programmes" beside the one "Associate Programs Officer"
    assert StaffMember.objects.get(name="Ramatoulaye Diop").position == "Finance Officer for Programmes"
    assert StaffMember.objects.get(name="Júlia Palmarola").position == "Associate Programs Officer"


def test_every_staff_name_and_position_appears_in_the_report():
    if not REPORT.exists():
        pytest.skip(f"the report is not at {REPORT}")
    text = re.sub(r"\s+", " ", REPORT.read_text(encoding="utf-8"))
    annex = text[: text.index("Annexes Members of Secretariat General")]
    for row in staff_rows():
        assert f"{row['name']} {row['position']}" in annex, row


def test_the_first_hires_outside_barcelona_are_flagged_with_their_source_and_nothing_is_invented(data_2024):
    outside = StaffMember.objects.filter(outside_headquarters=True)
    assert sorted(outside.values_list("name", flat=True)) == ["Ramatoulaye Diop", "Yusuf Ashmawi"]
    for staff in outside:
        assert "New Ways of Working" in staff.location_source
        assert (staff.city, staff.country) == ("", "")  # the report does not say where they are
    # the report gives no individual gender, work arrangement or dates
    assert not StaffMember.objects.exclude(gender="").exists()
    assert not StaffMember.objects.exclude(work_arrangement="").exists()
    assert not StaffMember.objects.filter(start__isnull=False).exists()
    assert StaffMember.objects.filter(outside_headquarters__isnull=True).count() == 25


def test_the_levels_with_associate_officer_new_in_2024_and_no_criteria_invented(data_2024):
    assert list(Level.objects.values_list("name", flat=True)) == [
        "Intern",
        "Assistant",
        "Associate Officer",
        "Officer",
        "Head",
        "Director",
        "Secretary General",
    ]
    associate = Level.objects.get(name="Associate Officer")
    assert associate.introduced_in == 2024
    assert "Updates to the Metropolis Workplace" in associate.source
    assert not Level.objects.exclude(criteria="").exists()
    assert list(associate.staff.values_list("name", flat=True)) == ["Júlia Palmarola"]


def test_loading_twice_adds_no_staff_or_level(data_2024):
    # given the 2024 data: the annex's 27 staff members and the seven levels
    counts = (StaffMember.objects.count(), Level.objects.count())
    assert counts == (27, 7)
    # when loaded again, then nothing at all is added
    assert "nothing added" in load_dataset_2024()
    assert (StaffMember.objects.count(), Level.objects.count()) == counts


def test_the_declared_headcount_stands_beside_the_computed_one_unadjusted(data_2024):
    figures = {row.declared.key: row for row in reconcile(period=2024, prefix="people.")}
    total, men, women = (
        figures["people.staff.total"],
        figures["people.staff.men"],
        figures["people.staff.women"],
    )
    assert (total.declared.value, men.declared.value, women.declared.value) == (23, 7, 16)
    assert total.declared.section == "Gender Impact Assessment — Internal Gender Balance"
    # the annex lists 27 names; the records are not trimmed to the declared 23
    assert (total.computed, total.difference) == (27, 4)
    # no gender is recorded for anyone, so the records count no man and no woman
    assert (men.computed, women.computed) == (0, 0)
    assert figures["people.staff.in_kind"].declared.value == 3
    assert figures["people.staff.in_kind"].computed == 0


def test_the_headcount_page_shows_declared_beside_computed_and_the_unrecorded(client, data_2024):
    from metrohub.network.tests.factories import make_user

    client.force_login(make_user("hr"))
    page = client.get("/people/headcount/").content.decode()
    assert 'data-figure="people.staff.total-declared">23<' in page
    assert ">27</a>" in page
    assert "Difference: +4" in page
    assert "Metropolis Annual Report 2024, Gender Impact Assessment — Internal Gender Balance" in page
    assert "27 staff members have no recorded gender" in page
