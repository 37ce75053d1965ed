"""The 2024 data: the Local Care Systems fund, its two contributions, its cap and its target."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metrohub.core.metrics import reconcile
from metrohub.core.testing import load_dataset_2024
from metrohub.fund.models import Contribution, Fund
from metrohub.network.tests.factories import make_user


@pytest.fixture
def loaded(data_2024):
    return Fund.objects.get(name="International Fund for Metropolises: Local Care Systems")


def test_the_fund_raised_800_000_from_two_donors_each_citing_the_report(loaded):
    contributions = {c.donor.name: c.pledged_eur for c in Contribution.objects.filter(fund=loaded)}
    assert contributions == {
        "Swiss Agency for Development and Cooperation": Decimal("700000"),
        "Open Society Foundations": Decimal("100000"),
    }
    assert loaded.raised() == 800_000
    assert loaded.max_grant == 100_000
    assert (loaded.target_amount, loaded.target_from, loaded.target_until) == (2_000_000, 2025, 2026)
    assert all(
        "Launch of the International Fund for Metropolises" in c.source for c in loaded.contributions.all()
    )


def test_loading_again_adds_nothing(loaded):
    # given the 2024 data: one fund and its two contributions
    assert (Fund.objects.count(), Contribution.objects.count()) == (1, 2)
    # when loaded again, then nothing is added
    assert "nothing added" in load_dataset_2024()
    assert (Fund.objects.count(), Contribution.objects.count()) == (1, 2)


def test_the_declared_figures_agree_with_the_records(loaded):
    figures = {row.declared.key: row for row in reconcile(period=2024, prefix="fund.")}
    assert set(figures) == {"fund.raised", "fund.max_grant", "fund.target.additional"}
    assert all(row.agrees for row in figures.values()), {k: r.computed for k, r in figures.items()}


def test_the_dashboard_shows_800_000_raised_and_the_progress_toward_2_000_000(client, loaded):
    client.force_login(make_user("finance"))
    page = client.get(reverse("fund:fund", args=[loaded.pk])).content.decode()
    assert "EUR 800,000" in page
    assert "EUR 0 raised toward EUR 2,000,000 (0.0%)." in page
    assert "Progress toward the target of 2025–2026" in page


def test_each_contribution_is_its_agreements_money_recorded_once(loaded):
    # the loader made one record of each donor's money: the agreement, earmarked for the fund
    from metrohub.finance.models import Agreement, IncomeLine

    sdc = Agreement.objects.get(partner__name="Swiss Agency for Development and Cooperation", kind="funding")
    assert Contribution.objects.get(donor=sdc.partner).agreement == sdc
    assert Agreement.objects.filter(partner=sdc.partner).count() == 1
    # and nothing was entered on the records' behalf: 2024's grant income stays to be received
    assert not IncomeLine.objects.filter(synthetic=False).exists()
    assert loaded.received() == 0
    grants = next(
        row
        for row in reconcile(period=2024, prefix="finance.")
        if row.declared.key == "finance.income.grants"
    )
    assert (grants.computed, grants.declared.value) == (0, 1_240_000)
