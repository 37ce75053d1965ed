"""The headcount page's chart over time: its data are the figures of the table beside it."""

import datetime as dt

from metrohub.core.testing import chart_values, table_cells
from metrohub.people import services
from metrohub.people.models import StaffMember


def test_the_headcount_chart_shows_the_figures_of_its_table_for_2024(client, hr_staff, data_2024):
    # given the 2024 staff, one of whom now has a recorded gender and joined in 2022
    first, second = StaffMember.objects.order_by("name")[:2]
    services.staff_update(actor=hr_staff, staff=first, gender="woman", start=dt.date(2022, 3, 1))
    services.staff_update(actor=hr_staff, staff=second, gender="man")

    # when the HR team opens the headcount of 2024
    client.force_login(hr_staff)
    page = client.get("/people/headcount/?year=2024").content

    # then each bar is a cell of the table: year by year, gender by gender
    rows = table_cells(page, "headcount-over-time")
    genders = ["Woman", "Man", "Another gender", "Not recorded"]
    from_table = {
        (row[0], gender): int(count) for row in rows for gender, count in zip(genders, row[1:5], strict=True)
    }
    from_chart = {
        (value["year"], value["gender"]): value["staff"] for value in chart_values(page, "headcount")
    }
    assert from_chart == from_table
    # and the figures are the records': five years, the woman counted from 2022 only
    assert [row[0] for row in rows] == ["2020", "2021", "2022", "2023", "2024"]
    assert [from_chart[(year, "Woman")] for year in ("2021", "2022", "2024")] == [0, 1, 1]
    assert from_chart[("2024", "Man")] == 1
    total = StaffMember.objects.in_post_during(2024).count()
    assert rows[-1][-1] == str(total) == str(sum(from_chart[("2024", g)] for g in genders))
