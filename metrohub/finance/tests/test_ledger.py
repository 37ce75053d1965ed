"""The one ledger of money in: agreements added, corrected and retired from pages; their
instalments received once, as income lines, with a confirmation; every refusal with its reason
and nothing half-written; a fund's contribution counted once; past years' figures fixed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.metrics import REGISTRY
from metrohub.core.models import TaskProgress
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import Agreement, IncomeLine, Instalment, ReportingDate
from metrohub.finance.tests.factories import make_invoice
from metrohub.fund.services import contribution_record, fund_create
from metrohub.fund.tests.factories import make_fund

pytestmark = pytest.mark.django_db


def value(key: str, year: int) -> Decimal:
    return REGISTRY[key].compute(year).value


@pytest.fixture
def finance_client(client, finance_staff):
    client.force_login(finance_staff)
    return client


@pytest.fixture
def sdc(partner) -> Agreement:
    """A funding agreement of EUR 700 000 in two instalments."""
    agreement = services.agreement_create(
        actor=SYSTEM,
        partner=partner,
        kind=Agreement.Kind.FUNDING,
        title="Backing for the fund",
        year=2025,
        source="test",
        amount=Money(Decimal("700000"), "EUR"),
    )
    for month, amount in ((2, "400000"), (9, "300000")):
        services.instalment_add(
            actor=SYSTEM,
            agreement=agreement,
            expected_on=dt.date(2025, month, 1),
            amount=Money(Decimal(amount), "EUR"),
        )
    return agreement


def test_an_agreement_is_added_corrected_and_retired_from_pages_with_its_history(finance_client, partner):
    # when finance adds an agreement through its page
    response = finance_client.post(
        "/finance/agreements/add/",
        {
            "partner": partner.pk,
            "title": "Core support 2025",
            "kind": "funding",
            "year": "2025",
            "amount": "50000",
            "currency": "CHF",
            "recurrence": "once",
            "source": "Signed letter",
        },
    )
    agreement = Agreement.objects.get(title="Core support 2025")
    assert response.status_code == 302 and response["Location"] == f"/finance/agreements/{agreement.pk}/"
    # and corrects its amount
    finance_client.post(
        f"/finance/agreements/{agreement.pk}/edit/",
        {
            "title": "Core support 2025",
            "kind": "funding",
            "year": "2025",
            "amount": "60000",
            "currency": "CHF",
            "recurrence": "once",
            "source": "Signed letter, amended",
        },
    )
    agreement.refresh_from_db()
    assert (agreement.amount, agreement.source) == (Decimal("60000"), "Signed letter, amended")
    # then retiring asks first, and changes nothing until confirmed
    data = {"on": "2025-06-30", "reason": "The partner withdrew."}
    page = finance_client.post(f"/finance/agreements/{agreement.pk}/retire/", data)
    assert "Retire the agreement" in page.content.decode()
    agreement.refresh_from_db()
    assert agreement.retired_on is None
    finance_client.post(f"/finance/agreements/{agreement.pk}/retire/", {**data, "confirmed": "1"})
    agreement.refresh_from_db()
    assert agreement.retired_on == dt.date(2025, 6, 30)
    assert "Core support 2025" in finance_client.get("/finance/agreements/?state=retired").content.decode()
    assert (
        "Core support 2025" not in finance_client.get("/finance/agreements/?state=in_force").content.decode()
    )
    # and the history names who did each
    assert [h.history_user.username for h in agreement.history.order_by("history_date")] == [
        "fin",
        "fin",
        "fin",
    ]
    assert agreement.history.earliest("history_date").amount == Decimal("50000")


def test_a_form_refused_keeps_what_was_typed(finance_client, partner):
    response = finance_client.post(
        "/finance/agreements/add/",
        {
            "partner": partner.pk,
            "title": "Half-stated",
            "kind": "funding",
            "year": "2025",
            "amount": "1000",
            "currency": "",
            "recurrence": "once",
            "source": "A letter",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "An amount and its currency go together" in content and 'value="Half-stated"' in content
    assert not Agreement.objects.filter(title="Half-stated").exists()


def test_only_the_finance_team_changes_agreements(client, staff_user, partner, sdc):
    client.force_login(staff_user("programs", username="prog"))
    assert client.post(f"/finance/agreements/{sdc.pk}/edit/", {"title": "x"}).status_code == 403
    with pytest.raises(NotAllowed, match="Only the finance team"):
        services.agreement_retire(
            actor=staff_user("membership", username="memb"), agreement=sdc, on=dt.date(2025, 1, 1), reason="x"
        )


def test_receiving_an_instalment_asks_first_then_writes_its_one_income_line(finance_client, sdc):
    instalment = sdc.instalments.first()
    url = f"/finance/instalments/{instalment.pk}/receive/"
    data = {"received_on": "2025-02-03", "currency": "EUR"}
    # the first POST shows what will happen; nothing is written
    page = finance_client.post(url, data).content.decode()
    assert "Record it received" in page and not IncomeLine.objects.exists()
    # confirmed, the income line is written, under its agreement and instalment
    finance_client.post(url, {**data, "confirmed": "1"})
    line = IncomeLine.objects.get()
    assert (line.agreement, line.instalment, line.amount_eur, line.source) == (
        sdc,
        instalment,
        400000,
        "grants",
    )
    # a second receipt is refused with its reason
    page = finance_client.post(url, {**data, "confirmed": "1"})
    assert page.status_code == 400 and "already received" in page.content.decode()
    assert IncomeLine.objects.count() == 1


def test_a_missing_rate_refuses_the_receipt_with_its_reason_and_writes_nothing(finance_client, partner):
    agreement = services.agreement_create(
        actor=SYSTEM,
        partner=partner,
        kind="award",
        title="Book award",
        year=2025,
        source="t",
        amount=Money(Decimal("50000"), "USD"),
        recurrence=Agreement.Recurrence.YEARLY,
    )
    instalment = services.instalment_add(
        actor=SYSTEM,
        agreement=agreement,
        expected_on=dt.date(2025, 3, 1),
        amount=Money(Decimal("50000"), "USD"),
    )
    response = finance_client.post(
        f"/finance/instalments/{instalment.pk}/receive/",
        {"received_on": "2025-03-04", "currency": "USD", "confirmed": "1"},
    )
    assert response.status_code == 400
    assert "no exchange rate from USD to EUR on or before 2025-03-04" in response.content.decode()
    assert not IncomeLine.objects.exists()
    # with the day's rate recorded, the same receipt goes through, in EUR at that rate
    services.exchange_rate_set(
        actor=SYSTEM, currency="USD", date=dt.date(2025, 3, 1), rate=Decimal("0.92"), source="t"
    )
    services.instalment_receive(actor=SYSTEM, instalment=instalment, received_on=dt.date(2025, 3, 4))
    assert IncomeLine.objects.get().amount_eur == Decimal("46000.00")


def test_an_income_line_without_its_agreement_is_refused():
    with pytest.raises(DomainError, match="needs its agreement"):
        services.agreement_income_record(
            actor=SYSTEM, agreement=None, amount=Money(Decimal("10"), "EUR"), received_on=dt.date(2025, 1, 1)
        )
    assert not IncomeLine.objects.exists()


def test_instalments_never_exceed_the_agreement_nor_change_its_currency(sdc):
    with pytest.raises(DomainError, match="of the agreement left to schedule"):
        services.instalment_add(
            actor=SYSTEM, agreement=sdc, expected_on=dt.date(2025, 12, 1), amount=Money(1, "EUR")
        )
    with pytest.raises(DomainError, match="instalments are in EUR"):
        services.instalment_add(
            actor=SYSTEM, agreement=sdc, expected_on=dt.date(2025, 12, 1), amount=Money(1, "USD")
        )
    assert sdc.instalments.count() == 2


def test_a_retired_agreement_takes_no_more_money(sdc):
    instalment = sdc.instalments.first()
    services.agreement_retire(actor=SYSTEM, agreement=sdc, on=dt.date(2025, 1, 31), reason="Withdrawn")
    with pytest.raises(DomainError, match="was retired on 2025-01-31"):
        services.instalment_receive(actor=SYSTEM, instalment=instalment, received_on=dt.date(2025, 2, 1))
    with pytest.raises(DomainError, match="already retired"):
        services.agreement_retire(actor=SYSTEM, agreement=sdc, on=dt.date(2025, 2, 1), reason="Again")
    assert not IncomeLine.objects.exists()


def test_money_already_received_keeps_the_agreements_amount(sdc):
    services.instalment_receive(
        actor=SYSTEM, instalment=sdc.instalments.first(), received_on=dt.date(2025, 2, 1)
    )
    with pytest.raises(DomainError, match="already received under this agreement"):
        services.agreement_update(actor=SYSTEM, agreement=sdc, amount=Money(Decimal("1"), "EUR"))
    sdc.refresh_from_db()
    assert sdc.amount == 700000


def test_money_earmarked_for_the_fund_counts_once_as_income_and_once_in_the_fund(sdc, partner):
    # given the agreement's money earmarked for a fund (no other money in it)
    fund = fund_create(actor=SYSTEM, name="Care Fund", theme="Care")
    contribution_record(actor=SYSTEM, fund=fund, agreement=sdc)
    assert (fund.raised(), fund.received()) == (Decimal("700000"), 0)
    # when its first instalment is received
    services.instalment_receive(
        actor=SYSTEM, instalment=sdc.instalments.first(), received_on=dt.date(2025, 2, 3)
    )
    # then it is income once and in the fund's balance once
    assert IncomeLine.objects.count() == 1
    assert fund.received() == Decimal("400000")
    assert value("finance.income.grants", 2025) == Decimal("400000")
    # and it cannot be earmarked a second time, nor its amount changed under the fund
    with pytest.raises(DomainError, match="already earmarked for a fund"):
        contribution_record(actor=SYSTEM, fund=fund, agreement=sdc)


def test_only_a_funding_agreement_with_an_amount_is_earmarked(partner):
    fund = make_fund(donor=partner, name="Other Fund")
    cooperation = services.agreement_create(
        actor=SYSTEM, partner=partner, kind="cooperation", title="MoU", year=2025, source="t"
    )
    with pytest.raises(DomainError, match="not a funding agreement"):
        contribution_record(actor=SYSTEM, fund=fund, agreement=cooperation)
    unstated = services.agreement_create(
        actor=SYSTEM, partner=partner, kind="funding", title="Co-funding", year=2025, source="t"
    )
    with pytest.raises(DomainError, match="states no amount"):
        contribution_record(actor=SYSTEM, fund=fund, agreement=unstated)
    assert fund.contributions.count() == 1


def test_a_past_years_figures_do_not_move_when_later_records_are_added(sdc, member):
    # given 2025's receipts: an instalment and a payment of dues
    services.instalment_receive(
        actor=SYSTEM, instalment=sdc.instalments.first(), received_on=dt.date(2025, 2, 3)
    )
    invoice = make_invoice(member, year=2025, amount="100000")
    services.payment_record(
        actor=SYSTEM, invoice=invoice, amount=Money(Decimal("100000"), "EUR"), received_on=dt.date(2025, 2, 1)
    )
    keys = [
        "finance.income.grants",
        "finance.income.fees",
        "finance.income.grants_share",
        "finance.agreements.funding",
    ]
    before = {key: value(key, 2025) for key in keys}
    assert before["finance.income.grants_share"] == 80
    # when records dated 2026 are added: the second instalment, more dues, a new agreement, a retirement
    services.instalment_receive(
        actor=SYSTEM, instalment=sdc.instalments.last(), received_on=dt.date(2026, 1, 10)
    )
    services.payment_record(
        actor=SYSTEM,
        invoice=make_invoice(member, year=2026),
        amount=Money(Decimal("5000"), "EUR"),
        received_on=dt.date(2026, 1, 20),
    )
    services.agreement_create(
        actor=SYSTEM, partner=sdc.partner, kind="funding", title="Next", year=2026, source="t"
    )
    services.agreement_retire(actor=SYSTEM, agreement=sdc, on=dt.date(2026, 2, 1), reason="Completed")
    # then 2025's figures are as they were
    assert {key: value(key, 2025) for key in keys} == before
    assert value("finance.income.grants", 2026) == 300000


def test_reporting_dates_are_reminded_by_the_task_and_the_reminder_is_recorded(
    finance_client, sdc, finance_staff, django_capture_on_commit_callbacks, settings
):
    finance_staff.email = "fin@example.org"
    finance_staff.save()
    soon = services.reporting_date_add(
        actor=SYSTEM, agreement=sdc, due_on=dt.date(2025, 3, 10), what="Narrative report"
    )
    services.reporting_date_add(actor=SYSTEM, agreement=sdc, due_on=dt.date(2025, 12, 1), what="Final report")
    # the page queues the reminders as background work, named, on the queue /work/ shows
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        finance_client.post("/finance/reporting/remind/")
    assert TaskProgress.objects.filter(subject="finance.reporting").exists()
    # the task reminds the team of the report due soon, once a day
    assert services.reporting_reminders_send(actor=SYSTEM, today=dt.date(2025, 3, 1)) == 1
    assert services.reporting_reminders_send(actor=SYSTEM, today=dt.date(2025, 3, 1)) == 0
    assert mail.outbox[-1].to == ["fin@example.org"] and "Narrative report" in mail.outbox[-1].body
    soon.refresh_from_db()
    assert soon.reminded_on == dt.date(2025, 3, 1)
    # delivered, it is reminded no more
    finance_client.post(f"/finance/reporting/{soon.pk}/delivered/", {"done_on": "2025-03-05"})
    assert ReportingDate.objects.get(pk=soon.pk).done_on == dt.date(2025, 3, 5)
    assert services.reporting_reminders_send(actor=SYSTEM, today=dt.date(2025, 3, 6)) == 0


def test_an_instalment_received_is_kept(sdc):
    instalment = sdc.instalments.first()
    services.instalment_receive(actor=SYSTEM, instalment=instalment, received_on=dt.date(2025, 2, 3))
    with pytest.raises(DomainError, match="is kept"):
        services.instalment_delete(actor=SYSTEM, instalment=instalment)
    assert Instalment.objects.filter(pk=instalment.pk).exists()


def test_the_restricted_money_page_traces_the_fund_money(finance_client, sdc, partner):
    fund = make_fund(donor=partner, raised="100000", name="Traced Fund")
    contribution_record(actor=SYSTEM, fund=fund, agreement=sdc)
    services.instalment_receive(
        actor=SYSTEM, instalment=sdc.instalments.first(), received_on=dt.date(2025, 2, 3)
    )
    page = finance_client.get(f"/fund/agreements/{sdc.pk}/").content.decode()
    assert "Traced Fund" in page and "400,000.00" in page and "87.50%" in page
