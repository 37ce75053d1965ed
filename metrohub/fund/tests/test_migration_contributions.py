"""The data migration that makes each fund contribution an agreement's money loses nothing: a
contribution is tied to its donor's funding agreement of the same amount (no second agreement),
what it said was received moves to the income ledger once, and going back restores it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("fund", "0001_initial"), ("finance", "0001_initial")]
AFTER = [
    ("fund", "0003_contribution_agreement_required"),
    ("finance", "0002_ledger_instalments_retirement_reminders"),
]


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_contributions_become_their_agreements_money_and_back():
    # given the records as they were: the SDC money twice (an agreement and a contribution),
    # the contribution saying 250 000 were received, and a donor with no agreement at all
    old = migrate(BEFORE)
    # network stays at its latest migration (the funds' do not reach back to it): its rows are made
    # with today's model, and the old fund and finance rows point at them by id
    from metrohub.network.models import Organisation

    Agreement, Fund = old.get_model("finance", "Agreement"), old.get_model("fund", "Fund")
    Contribution = old.get_model("fund", "Contribution")
    sdc = Organisation.objects.create(name="SDC (migration)", slug="sdc-migration", kind="partner")
    osf = Organisation.objects.create(name="OSF (migration)", slug="osf-migration", kind="partner")
    fund = Fund.objects.create(name="Migration Fund", theme="care")
    backing = Agreement.objects.create(
        partner_id=sdc.pk,
        kind="funding",
        title="Backing",
        year=2024,
        amount=700000,
        currency="EUR",
        source="t",
    )
    Contribution.objects.create(
        fund=fund,
        donor_id=sdc.pk,
        currency="EUR",
        pledged=700000,
        pledged_eur=700000,
        received=250000,
        received_eur=250000,
        received_on=dt.date(2024, 12, 20),
        year=2024,
    )
    Contribution.objects.create(
        fund=fund, donor_id=osf.pk, currency="EUR", pledged=100000, pledged_eur=100000, year=2024
    )

    # when migrated
    new = migrate(AFTER)
    # then each contribution is an agreement's money: SDC's existing one, OSF's made for it
    Contribution, IncomeLine = new.get_model("fund", "Contribution"), new.get_model("finance", "IncomeLine")
    by_donor = {c.donor_id: c for c in Contribution.objects.all()}
    assert by_donor[sdc.pk].agreement_id == backing.pk
    assert new.get_model("finance", "Agreement").objects.filter(partner_id=sdc.pk).count() == 1
    osf_agreement = by_donor[osf.pk].agreement
    assert (osf_agreement.amount, osf_agreement.kind) == (Decimal("100000"), "funding")
    # and what was received is one line of the income ledger, under SDC's agreement
    [line] = IncomeLine.objects.all()
    assert (line.agreement_id, line.amount_eur, line.date, line.source) == (
        backing.pk,
        Decimal("250000"),
        dt.date(2024, 12, 20),
        "grants",
    )

    # when migrated back, the contribution says again what was received
    old = migrate([BEFORE[0], AFTER[1]])
    restored = old.get_model("fund", "Contribution").objects.get(donor_id=sdc.pk)
    assert (restored.received, restored.received_eur) == (Decimal("250000"), Decimal("250000"))
    migrate(latest())  # every app at its latest, as the next tests expect
    # and forward again adds no second line
    assert IncomeLine.objects.count() == 1
