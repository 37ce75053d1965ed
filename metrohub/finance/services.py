# Over 400 lines because money in has one ledger: the agreements' and the dues' writes share its
# checks (rates, the income line). Split into a services/ package (agreements, dues) once the
# parallel dues work is merged, so neither change is lost in a move.
"""Every write to the finance records. Pages, the loader, the demo generator and the admin's
actions all come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader, the demo data).
Each service validates everything it needs — exchange rates included — before its first write,
so a refusal changes nothing.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import ensure_allowed
from metrohub.core.services import task_progress
from metrohub.finance.dues.selectors import live_fees, pick_fee
from metrohub.finance.dues.services import next_invoice_number
from metrohub.finance.models import (
    Agreement,
    ExchangeRate,
    FeeSchedule,
    IncomeLine,
    Instalment,
    Invoice,
    Payment,
    ReportingDate,
)
from metrohub.finance.money import convert, to_eur
from metrohub.finance.permissions import can_manage_finance
from metrohub.network.models import MembershipPeriod, Organisation

# Money received under these kinds of agreement is grant income; under the others, other income.
GRANT_KINDS = frozenset({Agreement.Kind.FUNDING, Agreement.Kind.AWARD})


@transaction.atomic
def exchange_rate_set(
    *, actor, currency: str, date: dt.date, rate, source: str, synthetic: bool = False
) -> ExchangeRate:
    """Record the rate of a day; a second rate for the same day replaces the first (history keeps it)."""
    ensure_allowed(actor, can_manage_finance)
    if currency == "EUR":
        raise DomainError(_("The euro needs no exchange rate: it is the ledger's currency."))
    found = ExchangeRate.objects.select_for_update().filter(currency=currency, date=date).first()
    exchange_rate = found or ExchangeRate(currency=currency, date=date)
    exchange_rate.rate, exchange_rate.source, exchange_rate.synthetic = rate, source, synthetic
    return save_as(exchange_rate, actor)


@transaction.atomic
def agreement_create(
    *,
    actor,
    partner: Organisation,
    kind: str,
    title: str,
    year: int,
    source: str,
    amount: Money | None = None,
    **fields,
) -> Agreement:
    ensure_allowed(actor, can_manage_finance)
    if Agreement.objects.filter(partner=partner, title=title).exists():
        raise DomainError(
            _("%(partner)s already has an agreement titled “%(title)s”.")
            % {"partner": partner, "title": title}
        )
    agreement = Agreement(
        partner=partner,
        kind=kind,
        title=title,
        year=year,
        source=source,
        amount=amount.amount if amount else None,
        currency=amount.currency if amount else "",
        **fields,
    )
    _check_agreement(agreement)
    return save_as(agreement, actor)


# Fields of an agreement a correction may change (the partner and title name it; they stay).
AGREEMENT_FIELDS = frozenset(
    {"kind", "year", "recurrence", "start", "end", "description", "obligations", "source"}
)


def _check_agreement(agreement: Agreement) -> None:
    if agreement.start and agreement.end and agreement.end < agreement.start:
        raise DomainError(_("An agreement cannot end before it starts."))


@transaction.atomic
def agreement_update(*, actor, agreement: Agreement, amount: Money | None = None, **fields) -> Agreement:
    """Correct an agreement. Its money (amount, currency) changes only while nothing was received
    or earmarked under it: the ledger and a fund's contribution keep what they were told."""
    ensure_allowed(actor, can_manage_finance)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    unknown = set(fields) - AGREEMENT_FIELDS
    if unknown:
        raise DomainError(
            _("These fields are not corrected here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    new_amount = (amount.amount, amount.currency) if amount else (None, "")
    if new_amount != (agreement.amount, agreement.currency):
        if agreement.income_lines.exists():
            raise DomainError(
                _("Money was already received under this agreement: its amount and currency stay.")
            )
        if hasattr(agreement, "fund_contribution"):
            raise DomainError(
                _("This agreement's money is earmarked for a fund: its amount and currency stay.")
            )
        agreement.amount, agreement.currency = new_amount
    for name, value in fields.items():
        setattr(agreement, name, value)
    _check_agreement(agreement)
    return save_as(agreement, actor)


@transaction.atomic
def agreement_retire(*, actor, agreement: Agreement, on: dt.date, reason: str) -> Agreement:
    """Retire an agreement (ended early, withdrawn, entered in error): it stays on record with its
    history and its money; no instalment is received under it any more."""
    ensure_allowed(actor, can_manage_finance)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.retired_on:
        raise DomainError(
            _("This agreement was already retired on %(date)s.") % {"date": agreement.retired_on}
        )
    if not reason.strip():
        raise DomainError(_("Say why the agreement is retired."))
    agreement.retired_on, agreement.retired_reason = on, reason.strip()
    return save_as(agreement, actor)


def _in_force(agreement: Agreement) -> None:
    if agreement.retired_on:
        raise DomainError(
            _("“%(title)s” was retired on %(date)s: it takes no more money.")
            % {"title": agreement.title, "date": agreement.retired_on}
        )


@transaction.atomic
def instalment_add(
    *, actor, agreement: Agreement, expected_on: dt.date, amount: Money, note: str = ""
) -> Instalment:
    """An instalment the partner is expected to pay; together they never exceed the agreement's amount
    (when it states one, in its currency)."""
    ensure_allowed(actor, can_manage_finance)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _in_force(agreement)
    if amount.amount <= 0:
        raise DomainError(_("An instalment must be more than zero."))
    currency = agreement.currency or next((i.currency for i in agreement.instalments.all()), amount.currency)
    if amount.currency != currency:
        raise DomainError(
            _("The agreement's instalments are in %(currency)s: this one is too.") % {"currency": currency}
        )
    if agreement.amount is not None:
        # A yearly agreement's amount is each year's: its instalments are counted year by year.
        scheduled = sum(
            (
                i.amount
                for i in agreement.instalments.all()
                if agreement.recurrence != Agreement.Recurrence.YEARLY
                or i.expected_on.year == expected_on.year
            ),
            start=0,
        )
        if scheduled + amount.amount > agreement.amount:
            raise DomainError(
                _("%(amount)s is more than the %(currency)s %(left)s of the agreement left to schedule.")
                % {
                    "amount": amount,
                    "currency": agreement.currency,
                    "left": f"{agreement.amount - scheduled:,.2f}",
                }
            )
    instalment = Instalment(
        agreement=agreement,
        expected_on=expected_on,
        amount=amount.amount,
        currency=amount.currency,
        note=note.strip(),
    )
    return save_as(instalment, actor)


@transaction.atomic
def instalment_delete(*, actor, instalment: Instalment) -> None:
    """Remove an instalment planned by mistake; one already received stays (its ledger line needs it)."""
    ensure_allowed(actor, can_manage_finance)
    delete_as(instalment, actor)


def _income_line(*, agreement, amount: Money, received_on: dt.date, description: str, instalment=None):
    if agreement is None:
        raise DomainError(_("Money received under an agreement needs its agreement: the line was refused."))
    if amount.amount <= 0:
        raise DomainError(_("An amount received must be more than zero."))
    if received_on > timezone.localdate():
        raise DomainError(_("Money cannot be recorded as received in the future."))
    amount_eur = to_eur(amount, on=received_on)  # refuses, before any write, without a rate
    source = IncomeLine.Source.GRANTS if agreement.kind in GRANT_KINDS else IncomeLine.Source.OTHER
    return IncomeLine(
        date=received_on,
        source=source,
        amount_eur=amount_eur,
        amount=amount.amount,
        currency=amount.currency,
        agreement=agreement,
        instalment=instalment,
        description=description or str(amount),
    )


@transaction.atomic
def agreement_income_record(
    *, actor, agreement: Agreement | None, amount: Money, received_on: dt.date, description: str = ""
) -> IncomeLine:
    """Money received under an agreement outside its instalments: a line of the ledger, in EUR at
    the day's rate. Without its agreement, or without a rate for the day, nothing is written."""
    ensure_allowed(actor, can_manage_finance)
    if agreement is not None:
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _in_force(agreement)
    line = _income_line(agreement=agreement, amount=amount, received_on=received_on, description=description)
    return save_as(line, actor)


@transaction.atomic
def instalment_receive(
    *, actor, instalment: Instalment, received_on: dt.date, amount: Money | None = None
) -> IncomeLine:
    """An instalment received: its one line of the income ledger (the instalment's amount unless
    another was received). Refuses a second receipt, a retired agreement and a day without a rate."""
    ensure_allowed(actor, can_manage_finance)
    instalment = Instalment.objects.select_for_update().select_related("agreement").get(pk=instalment.pk)
    _in_force(instalment.agreement)
    if IncomeLine.objects.filter(instalment=instalment).exists():
        raise DomainError(_("This instalment was already received: its money is in the ledger once."))
    amount = amount or Money(instalment.amount, instalment.currency)
    line = _income_line(
        agreement=instalment.agreement,
        amount=amount,
        received_on=received_on,
        instalment=instalment,
        description=_("Instalment of %(date)s: %(amount)s")
        % {"date": instalment.expected_on, "amount": amount},
    )
    try:
        with transaction.atomic():
            return save_as(line, actor)
    except IntegrityError as exc:  # received by another request in the meantime
        raise DomainError(
            _("This instalment was already received: its money is in the ledger once.")
        ) from exc


@transaction.atomic
def reporting_date_add(*, actor, agreement: Agreement, due_on: dt.date, what: str) -> ReportingDate:
    ensure_allowed(actor, can_manage_finance)
    if not what.strip():
        raise DomainError(_("Say what report is due."))
    return save_as(ReportingDate(agreement=agreement, due_on=due_on, what=what.strip()), actor)


@transaction.atomic
def reporting_date_deliver(*, actor, reporting_date: ReportingDate, done_on: dt.date) -> ReportingDate:
    ensure_allowed(actor, can_manage_finance)
    reporting_date = ReportingDate.objects.select_for_update().get(pk=reporting_date.pk)
    if reporting_date.done_on:
        raise DomainError(_("This report was already delivered."))
    if done_on > timezone.localdate():
        raise DomainError(_("A report cannot be delivered in the future."))
    reporting_date.done_on = done_on
    return save_as(reporting_date, actor)


def reporting_reminders_due(*, today: dt.date, days_ahead: int = 14):
    """Reports owed to partners, undelivered, due within `days_ahead` days or overdue, not yet
    reminded today, under agreements in force."""
    return (
        ReportingDate.objects.select_related("agreement__partner")
        .filter(done_on__isnull=True, due_on__lte=today + dt.timedelta(days=days_ahead))
        .filter(agreement__retired_on__isnull=True)
        .exclude(reminded_on=today)
    )


def reporting_reminders_send(*, actor, today: dt.date | None = None, days_ahead: int = 14) -> int:
    """Remind the finance team, by mail, of each report owed to a partner that is due soon or
    overdue, once a day; each reminder is recorded on the reporting date (`reminded_on`, with
    history). Returns how many were sent."""
    today = today or timezone.localdate()
    due = list(reporting_reminders_due(today=today, days_ahead=days_ahead))
    team = sorted(
        {
            user.email
            for user in get_user_model().objects.filter(is_active=True).exclude(email="")
            if can_manage_finance(user)
        }
    )
    for done, reporting_date in enumerate(due, start=1):
        context = {"reporting_date": reporting_date, "overdue": reporting_date.due_on < today}
        if team:
            send_mail(
                render_to_string("finance/email/reporting_reminder_subject.txt", context).strip(),
                render_to_string("finance/email/reporting_reminder.txt", context),
                None,
                team,
            )
        reporting_date.reminded_on = today
        save_as(reporting_date, actor)
        task_progress(done=done, total=len(due))
    return len(due)


@transaction.atomic
def fee_set(
    *,
    actor,
    year: int,
    category: str,
    amount: Money,
    region: Region | None = None,
    population_band: str = "",
    synthetic: bool = False,
) -> FeeSchedule:
    """The fee of a category for a year, for one region or (region None) for every region, and one
    population band or (blank) any size: the live rule is corrected, or a new one made."""
    ensure_allowed(actor, can_manage_finance)
    fee = FeeSchedule.objects.filter(
        year=year, category=category, region=region, population_band=population_band, retired_on__isnull=True
    ).first() or FeeSchedule(year=year, category=category, region=region, population_band=population_band)
    fee.amount, fee.currency, fee.synthetic = amount.amount, amount.currency, synthetic
    return save_as(fee, actor)


def fee_for(*, organisation: Organisation, year: int) -> FeeSchedule:
    """The live rule that applies to a member in a year: the most specific of region and population
    band (see `dues.selectors.pick_fee`)."""
    period = MembershipPeriod.objects.active_during(year).filter(membership__organisation=organisation).last()
    if period is None:
        raise DomainError(
            _("%(name)s has no active membership in %(year)s: there are no dues to invoice.")
            % {"name": organisation.name, "year": year}
        )
    fee, reason = pick_fee(
        list(live_fees(year)),
        category=period.category,
        region_id=organisation.region_id,
        population=organisation.population,
    )
    if fee is None:
        raise DomainError(
            _("%(name)s has no fee rule for %(year)s: %(reason)s")
            % {"name": organisation.name, "year": year, "reason": reason}
        )
    return fee


@transaction.atomic
def invoice_issue(
    *,
    actor,
    organisation: Organisation,
    year: int,
    issued_on: dt.date,
    due_on: dt.date,
    amount: Money | None = None,
    synthetic: bool = False,
) -> Invoice:
    """A member's dues for a year, at the fee schedule's rate unless an amount is given."""
    ensure_allowed(actor, can_manage_finance)
    if Invoice.objects.filter(organisation=organisation, year=year).exists():
        raise DomainError(
            _("%(name)s already has an invoice for %(year)s: one invoice per member and year.")
            % {"name": organisation.name, "year": year}
        )
    fee = None
    if amount is None:
        fee = fee_for(organisation=organisation, year=year)
        amount = Money(fee.amount, fee.currency)
    invoice = Invoice(
        organisation=organisation,
        year=year,
        number=f"{year}-{next_invoice_number(year):05d}",
        fee=fee,
        amount=amount.amount,
        currency=amount.currency,
        issued_on=issued_on,
        due_on=due_on,
        synthetic=synthetic,
    )
    try:
        with transaction.atomic():
            return save_as(invoice, actor)
    except IntegrityError as exc:  # another request issued it in the meantime
        raise DomainError(
            _("%(name)s already has an invoice for %(year)s: one invoice per member and year.")
            % {"name": organisation.name, "year": year}
        ) from exc


@transaction.atomic
def payment_record(
    *, actor, invoice: Invoice, amount: Money, received_on: dt.date, method: str = Payment.Method.TRANSFER
) -> Payment:
    """A payment of dues, with its line in the income ledger. Refuses an overpayment, a payment
    on an invoice that is not open and a currency without a rate: each refusal writes nothing."""
    ensure_allowed(actor, can_manage_finance)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(
            _("This invoice is %(status)s: it takes no payment.") % {"status": invoice.get_status_display()}
        )
    if amount.amount <= 0:
        raise DomainError(_("A payment must be more than zero."))
    if received_on < invoice.issued_on:
        raise DomainError(_("A payment cannot be received before the invoice was issued."))
    # Both conversions first: a missing rate refuses the payment before anything is written.
    in_invoice_currency = convert(amount, to=invoice.currency, on=received_on)
    amount_eur = to_eur(amount, on=received_on)
    if in_invoice_currency > invoice.balance:
        raise DomainError(
            _("%(amount)s is more than the %(currency)s %(balance)s still due: overpayments are refused.")
            % {"amount": amount, "currency": invoice.currency, "balance": f"{invoice.balance:,.2f}"}
        )
    payment = save_as(
        Payment(
            invoice=invoice,
            amount=amount.amount,
            currency=amount.currency,
            received_on=received_on,
            method=method,
            amount_in_invoice_currency=in_invoice_currency,
            synthetic=invoice.synthetic,
        ),
        actor,
    )
    invoice.paid_amount += in_invoice_currency
    if invoice.balance == 0:
        invoice.status = Invoice.Status.PAID
    save_as(invoice, actor)
    save_as(
        IncomeLine(
            date=received_on,
            source=IncomeLine.Source.FEES,
            amount_eur=amount_eur,
            payment=payment,
            description=_("Dues %(year)s of %(name)s") % {"year": invoice.year, "name": invoice.organisation},
            synthetic=invoice.synthetic,
        ),
        actor,
    )
    return payment


@transaction.atomic
def invoice_waive(*, actor, invoice: Invoice, reason: str) -> Invoice:
    """Forgive what is still due on an open invoice; payments already made stay on record."""
    ensure_allowed(actor, can_manage_finance)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.OPEN:
        raise DomainError(
            _("Only an open invoice can be waived; this one is %(status)s.")
            % {"status": invoice.get_status_display()}
        )
    if not reason.strip():
        raise DomainError(_("A waiver needs its reason."))
    invoice.status, invoice.waiver_reason = Invoice.Status.WAIVED, reason.strip()
    return save_as(invoice, actor)


@transaction.atomic
def invoice_cancel(*, actor, invoice: Invoice) -> Invoice:
    """Cancel an invoice issued in error; one with payments must keep them, so it is refused."""
    ensure_allowed(actor, can_manage_finance)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.status != Invoice.Status.OPEN or invoice.payments.exists():
        raise DomainError(_("Only an open invoice without payments can be cancelled."))
    invoice.status = Invoice.Status.CANCELLED
    return save_as(invoice, actor)


@transaction.atomic
def agreement_delete(*, actor, agreement: Agreement) -> None:
    """Delete an agreement with its reporting dates; one whose money entered the ledger is kept.
    (An agreement that was real is retired, not deleted: `agreement_retire`.)"""
    ensure_allowed(actor, can_manage_finance)
    delete_as(agreement, actor, parts=(ReportingDate,))
