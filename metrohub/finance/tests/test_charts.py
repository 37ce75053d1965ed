"""The finance dashboard's charts: each one's data are the figures of the table beside it."""

from decimal import Decimal

import pytest
from django.utils import timezone

from metrohub.core.testing import chart_values, table_cells
from metrohub.finance import demo
from metrohub.finance.models import Invoice
from metrohub.finance.selectors import overdue_filter


def _eur(text: str) -> float:
    return float(Decimal(text.removeprefix("EUR").replace(",", "").strip()))


@pytest.fixture
def dashboard(client, finance_staff, data_2024):
    """The 2024 dashboard, with the synthetic dues of the demonstration (the report gives no invoice)."""
    demo.generate(year=2024)
    client.force_login(finance_staff)
    return client.get("/finance/?year=2024").content


def test_the_income_chart_shows_the_figures_of_its_table(dashboard):
    rows = table_cells(dashboard, "income-by-year")
    from_table = [
        (year, source, kind, _eur(amount))
        for year, source, recorded, synthetic in rows
        for kind, amount in (("In the records", recorded), ("Synthetic (demo)", synthetic))
        if _eur(amount)
    ]
    values = chart_values(dashboard, "income-years")
    assert [(v["year"], v["source"], v["kind"], v["eur"]) for v in values] == from_table
    assert from_table, "the demonstration's fees are paid in 2024"


def test_the_dues_chart_shows_issued_against_paid_as_its_table(dashboard):
    rows = table_cells(dashboard, "dues-by-year")
    from_table = {(row[0].split()[0], "Issued"): int(row[1]) for row in rows}
    from_table |= {(row[0].split()[0], "Paid"): int(row[2]) for row in rows}
    values = chart_values(dashboard, "dues-years")
    assert {(v["year"], v["what"]): v["invoices"] for v in values} == from_table
    invoices = Invoice.objects.filter(year=2024)
    assert from_table[("2024", "Issued")] == invoices.exclude(status=Invoice.Status.CANCELLED).count()
    assert from_table[("2024", "Paid")] == invoices.filter(status=Invoice.Status.PAID).count() > 0


def test_the_arrears_chart_shows_the_regions_of_its_table(dashboard):
    rows = table_cells(dashboard, "arrears-by-region")
    values = chart_values(dashboard, "arrears")
    assert [(v["region"], v["invoices"]) for v in values] == [(region, int(n)) for region, n in rows]
    assert (
        sum(v["invoices"] for v in values) == Invoice.objects.filter(overdue_filter(), year=2024).count() > 0
    )


@pytest.mark.parametrize("asked", ["3", "-7", "99999", "soon"])
def test_a_year_out_of_range_shows_this_years_dashboard_not_an_error(client, finance_staff, asked):
    client.force_login(finance_staff)
    response = client.get(f"/finance/?year={asked}")
    assert response.status_code == 200
    this_year = timezone.localdate().year
    assert f"Finance in {this_year}" in response.content.decode()
