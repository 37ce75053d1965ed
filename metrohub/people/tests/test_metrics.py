"""The HR metrics follow the records: a change to a staff record changes the figure."""

import datetime as dt

import pytest

from metrohub.core.metrics import REGISTRY, reconcile
from metrohub.people.services import staff_update
from metrohub.people.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def value(key: str, period: int = 2024):
    return REGISTRY[key].compute(period).value


def test_the_headcount_counts_staff_in_post_during_the_year():
    # given one in post all along, one who left in 2023, one who joins in 2025, one who left mid-2024
    StaffMemberFactory()
    StaffMemberFactory(start=dt.date(2019, 1, 1), end=dt.date(2023, 12, 31))
    StaffMemberFactory(start=dt.date(2025, 2, 1))
    StaffMemberFactory(start=dt.date(2020, 1, 1), end=dt.date(2024, 6, 30))
    # when / then
    assert value("people.staff.total") == 2
    assert value("people.staff.total", 2023) == 3


def test_changing_a_record_changes_the_gender_figures(hr_staff):
    # given two women, one man and one person with no recorded gender
    StaffMemberFactory.create_batch(2, woman=True)
    StaffMemberFactory(man=True)
    unrecorded = StaffMemberFactory()
    assert (value("people.staff.women"), value("people.staff.men")) == (2, 1)

    # when the person's self-described gender is recorded
    staff_update(actor=hr_staff, staff=unrecorded, gender="woman")

    # then the figure follows, and the total did not move
    assert (value("people.staff.women"), value("people.staff.men"), value("people.staff.total")) == (3, 1, 4)


def test_someone_whose_gender_is_unrecorded_counts_in_neither_women_nor_men():
    StaffMemberFactory()
    StaffMemberFactory(gender="another")
    assert (value("people.staff.women"), value("people.staff.men"), value("people.staff.total")) == (0, 0, 2)


def test_ending_a_post_before_the_year_takes_the_person_out_of_the_headcount(hr_staff):
    staff = StaffMemberFactory(woman=True)
    staff_update(actor=hr_staff, staff=staff, start=dt.date(2020, 1, 1), end=dt.date(2023, 5, 31))
    assert (value("people.staff.total"), value("people.staff.women")) == (0, 0)


def test_each_computed_figure_opens_on_the_staff_list_filtered_to_its_records(hr_client):
    from decimal import Decimal

    from metrohub.core.models import DeclaredFigure

    StaffMemberFactory(name="Counted Woman", woman=True)
    StaffMemberFactory(name="Counted Man", man=True)
    DeclaredFigure.objects.create(
        key="people.staff.women",
        period=2024,
        value=Decimal(16),
        unit="people",
        label="women",
        document="Report",
        section="Internal Gender Balance",
    )
    [row] = reconcile(period=2024, prefix="people.")
    page = hr_client.get(row.records_url).content.decode()
    assert "Counted Woman" in page and "Counted Man" not in page
