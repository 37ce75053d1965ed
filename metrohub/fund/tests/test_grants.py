"""Grants: never above the call's maximum nor the fund's uncommitted balance; tranches never above
the grant. Each refusal says why and changes nothing."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.fund import services
from metrohub.fund.models import Contribution, Fund, Grant, Tranche
from metrohub.fund.tests.factories import make_contribution, make_fund
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user


def _member(name: str):
    organisation = OrganisationFactory(name=name)
    MembershipFactory(organisation=organisation)
    return organisation


def test_a_grant_within_the_cap_and_the_balance_is_awarded(fund, fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    grant = services.grant_award(actor=finance_staff, application=application, amount=Decimal("100000"))
    assert grant.amount == 100_000
    assert fund.committed() == 100_000
    assert fund.available() == 50_000


def test_an_award_above_the_calls_maximum_is_refused(fund, fund_call, city, finance_staff):
    # given a selected application on a call capped at 100 000 EUR
    application = make_application(fund_call, city, status=Status.SELECTED)
    # when finance awards one euro more
    with pytest.raises(services.AboveCap, match="above the most “Care grants” grants"):
        services.grant_award(actor=finance_staff, application=application, amount=Decimal("100001"))
    # then nothing was written
    assert not Grant.objects.exists()


def test_an_award_above_the_funds_balance_is_refused(fund, fund_call, city, other_city, finance_staff):
    # given a fund of 150 000 EUR with 100 000 already committed
    first = make_application(fund_call, city, status=Status.SELECTED)
    services.grant_award(actor=finance_staff, application=first, amount=Decimal("100000"))
    second = make_application(fund_call, other_city, status=Status.SELECTED)
    # when 60 000 more are awarded
    with pytest.raises(services.FundExhausted, match="has left uncommitted"):
        services.grant_award(actor=finance_staff, application=second, amount=Decimal("60000"))
    # then the second has no grant and the balance is as it was
    assert Grant.objects.count() == 1
    assert fund.available() == 50_000


def test_only_a_selected_application_receives_a_grant(fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SHORTLISTED)
    with pytest.raises(DomainError, match="Only a selected application"):
        services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))


def test_only_finance_awards(fund_call, city, programs_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    with pytest.raises(
        NotAllowed, match="Only the finance team and administrators record contributions, grants and tranches"
    ):
        services.grant_award(actor=programs_staff, application=application, amount=Decimal("1000"))
    assert not Grant.objects.exists()


def test_a_second_grant_for_one_application_is_refused(fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))
    with pytest.raises(DomainError, match="already has its grant"):
        services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))


def test_tranches_never_exceed_the_grant(fund_call, city, finance_staff):
    application = make_application(fund_call, city, status=Status.SELECTED)
    grant = services.grant_award(actor=finance_staff, application=application, amount=Decimal("80000"))
    services.tranche_add(
        actor=finance_staff, grant=grant, amount=Decimal("50000"), due_on=dt.date(2025, 3, 1)
    )
    with pytest.raises(DomainError, match="not yet in a tranche"):
        services.tranche_add(
            actor=finance_staff, grant=grant, amount=Decimal("30001"), due_on=dt.date(2025, 9, 1)
        )
    assert Tranche.objects.count() == 1
    tranche = Tranche.objects.get()
    services.tranche_pay(actor=finance_staff, tranche=tranche, paid_on=dt.date(2025, 3, 2))
    assert grant.fund.disbursed() == 50_000


def test_a_contribution_in_another_currency_counts_in_euros_at_the_days_rate(fund, donor, finance_staff):
    from metrohub.finance.services import exchange_rate_set

    exchange_rate_set(
        actor=SYSTEM, currency="USD", date=dt.date(2025, 1, 1), rate=Decimal("0.9"), source="test"
    )
    make_contribution(
        actor=finance_staff, fund=fund, donor=donor, pledged=Money(Decimal("100000"), "USD"), year=2025
    )
    assert fund.raised() == 150_000 + 90_000
    assert fund.raised_toward_target() == 90_000


def test_a_contribution_without_a_rate_is_refused(fund, donor, finance_staff):
    with pytest.raises(DomainError, match="no exchange rate"):
        make_contribution(
            actor=finance_staff, fund=fund, donor=donor, pledged=Money(Decimal("1000"), "JPY"), year=2025
        )
    assert Contribution.objects.count() == 1


def test_copying_a_fund_copies_its_calls_set_up_but_no_money_nor_applications(
    fund, fund_call, city, finance_staff
):
    make_application(fund_call, city, status=Status.SUBMITTED)
    from metrohub.core.models import Region

    copy = services.fund_copy(
        actor=finance_staff,
        fund=fund,
        name="Fund for climate adaptation",
        theme="Climate adaptation",
        regions=[Region.objects.get(code="asia")],
    )
    assert copy.copied_from == fund
    assert copy.raised() == 0
    (call,) = copy.calls.all()
    assert not call.published
    assert call.max_amount == fund_call.max_amount
    assert list(call.questions.values_list("label", flat=True)) == list(
        fund_call.questions.values_list("label", flat=True)
    )
    assert [(c.name, c.weight) for c in call.criteria.all()] == [
        (c.name, c.weight) for c in fund_call.criteria.all()
    ]
    assert [r.code for r in call.eligible_regions.all()] == ["asia"]
    assert not call.applications.exists()


def test_reminders_go_to_grantees_with_reports_overdue_or_due_soon(fund_call, city, finance_staff):
    focal = make_user("focal_point", organisation=city, username="awa")
    focal.email = "awa@dakar.example"
    focal.save()
    application = make_application(fund_call, city, status=Status.SELECTED)
    grant = services.grant_award(actor=finance_staff, application=application, amount=Decimal("1000"))
    today = dt.date(2025, 6, 1)
    services.report_add(actor=finance_staff, grant=grant, title="Mid-term report", due_on=dt.date(2025, 5, 1))
    services.report_add(actor=finance_staff, grant=grant, title="Final report", due_on=dt.date(2025, 12, 1))
    assert services.reminders_send(today=today) == 1
    assert mail.outbox[0].to == ["awa@dakar.example"]
    assert "Overdue report: Mid-term report" in mail.outbox[0].subject
    # once a day: a second run the same day sends nothing
    assert services.reminders_send(today=today) == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time; the row lock under test is PostgreSQL's.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_awards_that_together_exceed_the_balance_leave_exactly_one():
    # given a fund of 150 000 EUR and two selected applications asking 100 000 each
    donor = OrganisationFactory(name="Race Donor", kind="partner")
    fund = make_fund(donor=donor, raised="150000", name="Race Fund")
    call = make_call(fund=fund, max_amount=100_000)
    applications = [
        make_application(call, _member(name), status=Status.SELECTED)
        for name in ("Race City A", "Race City B")
    ]
    finance = make_user("finance")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def award(application):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            services.grant_award(actor=finance, application=application, amount=Decimal("100000"))
            outcomes.append("awarded")
        except services.FundExhausted:
            outcomes.append("refused")
        finally:
            connections.close_all()  # each thread had its own connection

    # when both are awarded at the same moment, from two connections
    threads = [threading.Thread(target=award, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then exactly one was awarded and the fund is not overspent
    assert sorted(outcomes) == ["awarded", "refused"]
    assert Grant.objects.filter(fund=fund).count() == 1
    assert Fund.objects.get(pk=fund.pk).available() == 50_000
