"""The dues cycle: fee rules by category, region and population band; the year's issuing in one
step (idempotent, bulk, with the members left out and why); decisions, credit notes, mail and
reminders; refusals that change nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.dues import services as dues
from metrohub.finance.dues.selectors import dues_preview, years_in_arrears
from metrohub.finance.models import CreditNote, Dispatch, DuesRun, Invoice, Payment
from metrohub.finance.tests.pdf import pdf_title
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user

YEAR = 2025
ISSUED, DUE = dt.date(2025, 1, 15), dt.date(2025, 3, 31)


def member(name, *, region="europe", population=2_000_000, language="en", category="full"):
    organisation = OrganisationFactory(
        name=name,
        slug=name.lower().replace(" ", "-"),
        region=Region.objects.get(code=region) if region else None,
        population=population,
        language=language,
    )
    MembershipFactory(organisation=organisation, period__category=category)
    return organisation


def fee(amount, currency="EUR", *, region=None, band="", category="full"):
    return dues.fee_create(
        actor=SYSTEM,
        year=YEAR,
        category=category,
        region=Region.objects.get(code=region) if region else None,
        population_band=band,
        amount=Money(Decimal(amount), currency),
    )


def issue(actor=SYSTEM):
    return dues.dues_issue(actor=actor, year=YEAR, issued_on=ISSUED, due_on=DUE)


@pytest.fixture
def schedule(db):
    """Full members pay 10,000 EUR; in Europe, 15,000 EUR; Europe's cities over 10 million, 30,000."""
    return [
        fee("10000"),
        fee("15000", region="europe"),
        fee("30000", region="europe", band="10m_plus"),
    ]


def test_the_most_specific_rule_prices_each_member(schedule):
    # given three members in and out of Europe, of two sizes
    paris = member("Paris Dues", population=12_000_000)
    lyon = member("Lyon Dues", population=1_500_000)
    dakar = member("Dakar Dues", region="africa", population=3_000_000)
    # when the year is issued
    run = issue()
    # then each pays its region's and band's fee
    amounts = dict(Invoice.objects.filter(run=run).values_list("organisation__name", "amount"))
    assert amounts == {
        paris.name: Decimal("30000"),
        lyon.name: Decimal("15000"),
        dakar.name: Decimal("10000"),
    }
    assert run.invoices == 3
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [
        "2025-00001",
        "2025-00002",
        "2025-00003",
    ]


def test_members_without_a_rule_are_listed_not_invoiced(db):
    # given fees for full members of Europe only, by band
    fee("15000", region="europe", band="1m_5m")
    invoiced = member("Lyon Dues")
    no_population = member("Nowhere Size", population=None)
    associate = member("Associate Dues", category="associate")
    elsewhere = member("Dakar Dues", region="africa")
    # when previewed
    preview = dues_preview(YEAR)
    # then those without a rule are listed with the reason
    reasons = {quote.name: quote.reason for quote in preview.no_rule}
    assert [quote.name for quote in preview.to_issue] == [invoiced.name]
    assert "No population on record" in reasons[no_population.name]
    assert "no Associate member fee this year" in reasons[associate.name]
    assert "region and population" in reasons[elsewhere.name]
    # and issuing invoices none of them
    issue()
    assert list(Invoice.objects.values_list("organisation__name", flat=True)) == [invoiced.name]


def test_a_second_run_issues_nothing_new_and_says_so(schedule, finance_staff):
    member("Lyon Dues")
    issue(finance_staff)
    (first,) = Invoice.objects.all()
    assert (first.history.get().history_user, first.history.get().history_type) == (finance_staff, "+")
    before = (Invoice.objects.count(), DuesRun.objects.count())
    with pytest.raises(
        DomainError,
        match=r"Nothing new to issue: the dues of 2025 were issued on .* by fin \(invoices issued: 1\)",
    ):
        issue(finance_staff)
    assert (Invoice.objects.count(), DuesRun.objects.count()) == before
    # a member who joins later is invoiced by the next run, and only it
    late = member("Late Joiner")
    run = issue(finance_staff)
    assert list(run.invoice_set.values_list("organisation", flat=True)) == [late.pk]


def test_an_invoice_for_a_member_without_a_fee_rule_is_refused(db):
    fee("15000", region="europe")
    dakar = member("Dakar Dues", region="africa")
    with pytest.raises(DomainError, match="Dakar Dues has no fee rule for 2025: No Full member fee applies"):
        services.invoice_issue(actor=SYSTEM, organisation=dakar, year=YEAR, issued_on=ISSUED, due_on=DUE)
    assert not Invoice.objects.exists()


def test_issuing_takes_the_same_queries_for_more_members(schedule, django_assert_max_num_queries):
    # given three members, issued and counted
    for n in range(3):
        member(f"First {n}")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        issue()
    # when twelve more are issued for the next run
    for n in range(12):
        member(f"Second {n:02d}")
    # then the queries do not grow with them
    with django_assert_max_num_queries(len(few.captured_queries)):
        issue()
    assert Invoice.objects.count() == 15


def test_decisions_waive_or_reduce_before_issuing(schedule, finance_staff):
    lyon, lille = member("Lyon Dues"), member("Lille Dues")
    dues.dues_decision_record(
        actor=finance_staff,
        organisation=lyon,
        year=YEAR,
        kind="waiver",
        reason="Earthquake recovery",
        reference="Board 2024/17",
        decided_on=dt.date(2024, 12, 1),
    )
    dues.dues_decision_record(
        actor=finance_staff,
        organisation=lille,
        year=YEAR,
        kind="reduction",
        percent=Decimal("40"),
        reason="Small budget",
        reference="SG 2024/3",
        decided_on=dt.date(2024, 12, 1),
    )
    preview = dues_preview(YEAR)
    assert [q.reason for q in preview.waived] == ["Waived by decision Board 2024/17: Earthquake recovery"]
    issue()
    invoice = Invoice.objects.get()
    assert (invoice.organisation, invoice.amount, invoice.decision.reference) == (
        lille,
        Decimal("9000.00"),
        "SG 2024/3",
    )
    # once invoiced, a decision is refused: a credit note changes what is owed
    with pytest.raises(DomainError, match="already invoiced: issue a credit note instead"):
        dues.dues_decision_record(
            actor=finance_staff,
            organisation=lille,
            year=YEAR,
            kind="waiver",
            reason="x",
            reference="y",
            decided_on=dt.date(2025, 2, 1),
        )


def test_a_fee_rule_is_corrected_and_retired_with_history(schedule, finance_staff):
    europe = schedule[1]
    dues.fee_correct(actor=finance_staff, fee=europe, amount=Money(Decimal("16000"), "EUR"))
    dues.fee_retire(actor=finance_staff, fee=europe, reason="Replaced by bands")
    europe.refresh_from_db()
    assert [h.amount for h in europe.history.all()][:2] == [Decimal("16000"), Decimal("16000")]
    assert europe.history.first().history_user == finance_staff
    # a retired rule prices nothing: Europe falls back to the flat fee
    member("Lyon Dues")
    issue()
    assert Invoice.objects.get().amount == Decimal("10000")
    with pytest.raises(DomainError, match="already retired"):
        dues.fee_retire(actor=finance_staff, fee=europe, reason="again")
    with pytest.raises(DomainError, match="already has a fee for this category, region and population band"):
        fee("1", region="europe", band="10m_plus")


def test_credit_notes_reduce_what_is_owed(schedule, finance_staff):
    member("Lyon Dues")
    issue()
    invoice = Invoice.objects.get()
    note = dues.credit_note_issue(
        actor=finance_staff,
        invoice=invoice,
        amount=Decimal("5000"),
        reason="Mid-year joining",
        issued_on=ISSUED,
    )
    assert note.number == "CN-2025-0001"
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("10000")
    # a payment above what is now owed is refused, and nothing changes
    with pytest.raises(DomainError, match="overpayments are refused"):
        services.payment_record(
            actor=finance_staff, invoice=invoice, amount=Money(Decimal("10000.01"), "EUR"), received_on=DUE
        )
    with pytest.raises(DomainError, match=r"more than the EUR 10,000\.00 still due"):
        dues.credit_note_issue(
            actor=finance_staff, invoice=invoice, amount=Decimal("10001"), reason="too much"
        )
    assert (CreditNote.objects.count(), Payment.objects.count()) == (1, 0)
    # the rest paid: the invoice is paid
    services.payment_record(
        actor=finance_staff, invoice=invoice, amount=Money(Decimal("10000"), "EUR"), received_on=DUE
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_arrears_are_read_by_calls_eligibility(schedule):
    from metrohub.calls.eligibility import Standing

    lyon = member("Lyon Dues")
    issue()
    assert years_in_arrears(lyon.pk, today=dt.date(2025, 4, 1)) == [2025]
    assert years_in_arrears(lyon.pk, today=dt.date(2025, 3, 1)) == []
    invoice = Invoice.objects.get()
    dues.credit_note_issue(actor=SYSTEM, invoice=invoice, amount=invoice.amount, reason="Waived by Board")
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CREDITED
    assert Standing(lyon).arrears == []


def test_issued_invoices_are_mailed_with_their_pdf_in_the_members_language(
    schedule, finance_staff, django_capture_on_commit_callbacks
):
    # given a French-speaking member with a focal point, and one without any
    lyon = member("Lyon Dues", language="fr")
    focal = make_user("focal_point", organisation=lyon, username="lyon-focal")
    focal.email = "relations@lyon.example"
    focal.save()
    alone = member("Alone Dues")
    # when the year is issued and committed
    with django_capture_on_commit_callbacks(execute=True):
        issue(finance_staff)
    # then Lyon's focal point gets its invoice, in French, with the PDF
    (message,) = mail.outbox
    assert message.to == ["relations@lyon.example"]
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf"
    assert pdf_title(content) == "Cotisations des membres 2025 · Lyon Dues · 2025-00002"
    # and each mailing is recorded on its invoice, the one that could not go with its reason
    sent = Dispatch.objects.get(invoice__organisation=lyon)
    assert sent.recipients == "relations@lyon.example"
    assert (
        Dispatch.objects.get(invoice__organisation=alone).failure == "No focal point with an e-mail address."
    )


def test_reminders_go_to_invoices_in_arrears_and_are_recorded(
    schedule, finance_staff, django_capture_on_commit_callbacks
):
    member("Lyon Dues")
    paid = member("Lille Dues")
    issue()
    services.payment_record(
        actor=SYSTEM,
        invoice=Invoice.objects.get(organisation=paid),
        amount=Money(Decimal("15000"), "EUR"),
        received_on=DUE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = dues.reminders_send(actor=finance_staff, today=dt.date(2025, 4, 1))
    assert count == 1
    assert list(Dispatch.objects.values_list("kind", "invoice__organisation__name")) == [
        ("reminder", "Lyon Dues")
    ]


def test_only_finance_issues_the_dues(schedule, user_with_role):
    member("Lyon Dues")
    with pytest.raises(NotAllowed, match="Only the finance team and administrators change financial records"):
        issue(user_with_role("membership"))
    assert not Invoice.objects.exists()


def test_the_invoice_document_rule_lets_the_members_focal_point_in(
    schedule, city_with_focal_point, other_city
):
    from metrohub.finance.permissions import can_download_invoice

    issue()
    own = Invoice.objects.get(organisation=city_with_focal_point)
    other = Invoice.objects.get(organisation=other_city)
    focal = city_with_focal_point.focal_point
    assert can_download_invoice(focal, own)
    verdict = can_download_invoice(focal, other)
    assert not verdict and "member's own focal points" in verdict.reason


def test_population_bands_cover_every_size():
    from metrohub.finance.models import PopulationBand

    assert PopulationBand.of(200_000) == PopulationBand.UNDER_1M
    assert PopulationBand.of(1_000_000) == PopulationBand.FROM_1M
    assert PopulationBand.of(20_000_000) == PopulationBand.FROM_10M
    assert PopulationBand.of(None) is None
    assert Organisation._meta.get_field("language").default == "en"


def test_the_scheduled_command_reminds_each_invoice_once_a_period(
    schedule, django_capture_on_commit_callbacks, time_machine
):
    from io import StringIO

    from django.core.management import call_command

    lyon = member("Lyon Dues")
    focal = make_user("focal_point", organisation=lyon, username="lyon-focal")
    focal.email = "relations@lyon.example"
    focal.save()
    issue()
    time_machine.move_to(dt.datetime(2025, 4, 2, 9, tzinfo=dt.UTC))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dues_reminders", stdout=out)
    assert "queued 1 reminder" in out.getvalue()
    # the next day, nothing: the reminder was recorded on the invoice
    time_machine.move_to(dt.datetime(2025, 4, 3, 9, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dues_reminders", stdout=out)
    assert "queued 0 reminder" in out.getvalue()
    assert Dispatch.objects.filter(kind="reminder").count() == 1
    assert "Reminder" in mail.outbox[-1].subject
