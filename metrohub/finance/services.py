"""Every write to the finance records. Pages, the loader, the demo generator and the admin's
actions all come through here.

`actor` is the user acting, or SYSTEM for metrohub itself (the dataset loader, the demo data).
Each service validates everything it needs — exchange rates included — before its first write,
so a refusal changes nothing.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import ensure_allowed
from metrohub.finance.dues.selectors import live_fees, pick_fee
from metrohub.finance.dues.services import next_invoice_number
from metrohub.finance.models import (
    Agreement,
    ExchangeRate,
    FeeSchedule,
    IncomeLine,
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
    return save_as(agreement, actor)


@transaction.atomic
def agreement_income_record(
    *, actor, agreement: Agreement, amount: Money, received_on: dt.date, description: str = ""
) -> IncomeLine:
    """Money received under an agreement: a line of the ledger, in EUR at the day's rate."""
    ensure_allowed(actor, can_manage_finance)
    if amount.amount <= 0:
        raise DomainError(_("An amount received must be more than zero."))
    amount_eur = to_eur(amount, on=received_on)  # refuses, before any write, without a rate
    source = IncomeLine.Source.GRANTS if agreement.kind in GRANT_KINDS else IncomeLine.Source.OTHER
    line = IncomeLine(
        date=received_on,
        source=source,
        amount_eur=amount_eur,
        agreement=agreement,
        description=description or str(amount),
    )
    return save_as(line, actor)


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
    """Delete an agreement with its reporting dates; one whose money entered the ledger is kept."""
    ensure_allowed(actor, can_manage_finance)
    delete_as(agreement, actor, parts=(ReportingDate,))
