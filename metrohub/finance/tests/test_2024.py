"""The 2024 partnerships as the report names them, each citing its section, and the key figures
declared beside what the records compute."""

from metrohub.core.metrics import reconcile
from metrohub.core.testing import load_dataset_2024
from metrohub.finance.models import Agreement
from metrohub.finance.services import GRANT_KINDS


def test_the_loader_brings_the_2024_agreements_with_their_sources(data_2024):
    agreements = {a.partner.name: a for a in Agreement.objects.select_related("partner")}
    assert set(agreements) == {
        "Arab Urban Development Institute (AUDI)",
        "Swiss Agency for Development and Cooperation",
        "Open Society Foundations",
        "The Pattis Family Foundation",
        "NGOSource",
        "Barcelona",
        "European Union",
    }
    for agreement in agreements.values():
        assert agreement.source.startswith("Metropolis Annual Report 2024 — "), agreement
        assert agreement.year == 2024
    sdc = agreements["Swiss Agency for Development and Cooperation"]
    assert (sdc.kind, sdc.amount, sdc.currency) == ("funding", 700_000, "EUR")
    assert "Launch of the International Fund for Metropolises" in sdc.source
    osf = agreements["Open Society Foundations"]
    assert (osf.amount, osf.currency) == (100_000, "EUR")
    pattis = agreements["The Pattis Family Foundation"]
    assert (pattis.kind, pattis.amount, pattis.currency, pattis.recurrence) == (
        "award",
        50_000,
        "USD",
        "yearly",
    )
    # Where the report gives no amount, none is made up.
    for name in ("Arab Urban Development Institute (AUDI)", "NGOSource", "Barcelona", "European Union"):
        assert (agreements[name].amount, agreements[name].currency) == (None, ""), name
    barcelona = agreements["Barcelona"]
    assert barcelona.kind == "in_kind" and "three staff members" in barcelona.description
    assert barcelona.partner.membership is not None  # the member, not a new partner
    assert agreements["NGOSource"].kind == "certification"
    assert "Office renovations" in barcelona.source


def test_loading_twice_adds_no_agreement(data_2024):
    # given the 2024 data, with its agreements on record
    count = Agreement.objects.count()
    assert count == 7
    # when loaded again, then no agreement is added
    assert "agreements" not in load_dataset_2024()
    assert Agreement.objects.count() == count


def test_the_key_figures_of_2024_stand_beside_the_records_and_differ(data_2024):
    figures = {row.declared.key: row for row in reconcile(period=2024, prefix="finance.")}
    assert {key: row.declared.value for key, row in figures.items()} == {
        "finance.income.fees": 592271,
        "finance.income.grants": 1240000,
        "finance.agreements.funding": 12,
        "finance.income.grants_share": 67,
        "finance.income.fees_share": 33,
    }
    assert "rounded" in figures["finance.income.grants"].declared.note
    # No payment or grant received is in the report: the records hold none, and say so.
    assert figures["finance.income.fees"].computed == 0
    assert figures["finance.income.grants"].computed == 0
    # The report names three funding agreements of the twelve it counts.
    assert figures["finance.agreements.funding"].computed == 3
    assert not any(row.agrees for row in figures.values())
    assert Agreement.Kind.FUNDING in GRANT_KINDS


def test_the_dashboard_shows_declared_beside_computed(client, data_2024, finance_staff):
    client.force_login(finance_staff)
    page = client.get("/finance/?year=2024").content.decode()
    assert 'data-figure="finance.income.fees-declared">592,271<' in page
    records = '<a href="/finance/agreements/?kind=funding&amp;year=2024">3</a>'
    assert f'data-figure="finance.agreements.funding-computed">{records}' in page
    assert "Difference: -9" in page
    assert "Metropolis Annual Report 2024, Key Figures from 2024" in page
