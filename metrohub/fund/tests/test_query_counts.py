"""The Fund's pages cost a fixed number of SQL queries, however many funds, contributions, grants,
tranches and reports they show: each test counts a page's queries, adds rows, counts again."""

import datetime as dt
from decimal import Decimal

import pytest

from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM
from metrohub.core.testing import assert_queries_constant
from metrohub.finance.money import Money
from metrohub.fund import services
from metrohub.fund.selectors import fund_summaries, fund_summary
from metrohub.fund.tests.factories import make_contribution, make_fund
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

# Queries per request, measured on SQLite (in brackets), plus a margin of 2. A page for the
# secretariat starts with 4: session, user, the user's groups, their second factor.
FUNDS_BUDGET = 7  # (5) every fund with its figures in one query (it was 7 queries per fund)
FUND_BUDGET = 19  # (17)
GRANTS_BUDGET = 9  # (7)
GRANTS_CSV_BUDGET = 7  # (5) one query streams every row
GRANT_BUDGET = 12  # (10)
AGREEMENT_MONEY_BUDGET = 17  # (15) the agreement, its lines, the fund's summary, its grants and tranches

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, finance_staff):
    client.force_login(finance_staff)
    return client


def add_grants(fund, count: int, *, start: int = 0, amount: str = "1000") -> list:
    call = make_call(fund=fund, max_amount=100_000, questions=False, criteria=False)
    grants = []
    for n in range(start, start + count):
        city = OrganisationFactory(name=f"Scale City {n:03d}", slug=f"scale-city-{n:03d}")
        MembershipFactory(organisation=city)
        application = make_application(call, city, status=Status.SELECTED, amount=amount)
        grants.append(services.grant_award(actor=SYSTEM, application=application, amount=Decimal(amount)))
    return grants


def add_contributions(fund, donor, count: int) -> None:
    for n in range(count):
        make_contribution(fund=fund, donor=donor, pledged=Money(Decimal(1000 + n), "EUR"), year=2024 + n % 3)


def add_funds(donor, count: int, *, start: int = 0) -> list:
    funds = []
    for n in range(start, start + count):
        fund = make_fund(donor=donor, name=f"Scale Fund {n:03d}", raised="50000")
        add_grants(fund, 1, start=100 + n)
        funds.append(fund)
    return funds


def test_the_funds_page_costs_the_same_queries_for_1_or_5_funds(staff_client, donor):
    add_funds(donor, 1)
    page = assert_queries_constant(
        staff_client, "/fund/", grow=lambda: add_funds(donor, 4, start=1), budget=FUNDS_BUDGET
    )
    assert page.count("Scale Fund ") >= 5


def test_the_funds_figures_in_one_query_are_each_funds_own(donor):
    # given funds with contributions in and out of their target years, grants and a paid tranche
    funds = add_funds(donor, 3)
    add_contributions(funds[0], donor, 4)
    [grant] = add_grants(funds[1], 1, start=50, amount="2000")
    services.tranche_add(actor=SYSTEM, grant=grant, amount=Decimal(500), due_on=dt.date(2025, 1, 1))
    services.tranche_add(
        actor=SYSTEM,
        grant=grant,
        amount=Decimal(700),
        due_on=dt.date(2025, 2, 1),
        paid_on=dt.date(2025, 2, 3),
    )
    # then the list's summaries are those of each fund's page
    assert fund_summaries() == [fund_summary(fund) for fund in funds]
    assert fund_summaries()[1].disbursed == 700


def test_a_funds_page_costs_the_same_queries_with_more_contributions_and_grants(staff_client, fund, donor):
    add_grants(fund, 1)

    def grow():
        add_contributions(fund, donor, 10)
        add_grants(fund, 10, start=1)

    assert_queries_constant(staff_client, f"/fund/{fund.pk}/", grow=grow, budget=FUND_BUDGET)


def test_the_grants_list_costs_the_same_queries_for_2_or_30_grants(staff_client, fund):
    add_grants(fund, 2)
    page = assert_queries_constant(
        staff_client, "/fund/grants/", grow=lambda: add_grants(fund, 28, start=2), budget=GRANTS_BUDGET
    )
    assert page.count("Scale City ") == 25


def test_the_grants_export_streams_every_row_in_the_same_queries(staff_client, fund):
    add_grants(fund, 2)
    csv = assert_queries_constant(
        staff_client, "/fund/grants.csv", grow=lambda: add_grants(fund, 10, start=2), budget=GRANTS_CSV_BUDGET
    )
    assert len(csv.splitlines()) == 1 + 12


def test_a_grants_page_costs_the_same_queries_with_more_tranches_and_reports(staff_client, fund):
    [grant] = add_grants(fund, 1, amount="50000")
    services.tranche_add(actor=SYSTEM, grant=grant, amount=Decimal(100), due_on=dt.date(2025, 1, 1))

    def grow():
        for n in range(8):
            services.tranche_add(
                actor=SYSTEM,
                grant=grant,
                amount=Decimal(100),
                due_on=dt.date(2025, 2, 1 + n),
                paid_on=dt.date(2025, 3, 1),
            )
            services.report_add(
                actor=SYSTEM, grant=grant, title=f"Report {n}", due_on=dt.date(2025, 6, 1 + n)
            )

    assert_queries_constant(staff_client, f"/fund/grants/{grant.pk}/", grow=grow, budget=GRANT_BUDGET)


def test_the_restricted_money_page_costs_the_same_queries_with_more_grants_and_tranches(staff_client, fund):
    agreement = fund.contributions.get().agreement

    def grow():
        for grant in add_grants(fund, 5, start=1):
            services.tranche_add(actor=SYSTEM, grant=grant, amount=Decimal("500"), due_on=dt.date(2025, 1, 1))

    add_grants(fund, 1)
    page = assert_queries_constant(
        staff_client, f"/fund/agreements/{agreement.pk}/", grow=grow, budget=AGREEMENT_MONEY_BUDGET
    )
    assert page.count("Scale City ") == 6
