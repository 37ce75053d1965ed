"""Synthetic dues for demonstrations: a fee schedule, one invoice per member, payments, waivers.

The 2024 report gives no individual fee, invoice or payment, so none is loaded as fact. This
generator makes plausible ones, deterministically (the same seed gives the same rows), and marks
every row synthetic: the pages badge them and no metric compared with a report counts them.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from metrohub.core.models import Region
from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import ExchangeRate, FeeSchedule, IncomeLine, Invoice, Payment
from metrohub.network.models import MembershipPeriod, Organisation

# Invented for the demonstration: not the network's fees, not published exchange rates.
RATES = {"USD": Decimal("0.92")}
FEES = {  # region code -> (amount, currency) for full members; associates pay one flat fee
    "africa": (Decimal("4000"), "EUR"),
    "eurasia-middle-east": (Decimal("8000"), "EUR"),
    "asia": (Decimal("9000"), "EUR"),
    "europe": (Decimal("12000"), "EUR"),
    "latin-america-caribbean": (Decimal("6000"), "USD"),
    "north-america": (Decimal("12000"), "USD"),
}
ASSOCIATE_FEE = (Decimal("3000"), "EUR")
SOURCE = "synthetic demo rate, not a published one"


@transaction.atomic
def generate(*, year: int, seed: int = 2024) -> dict[str, int]:
    """Add what is missing for `year`; running it again adds nothing."""
    rng = random.Random(seed)
    created = {"invoices": 0, "payments": 0, "waivers": 0}
    for currency, rate in RATES.items():
        services.exchange_rate_set(
            actor=SYSTEM,
            currency=currency,
            date=dt.date(year, 1, 1),
            rate=rate,
            source=SOURCE,
            synthetic=True,
        )
    for region in Region.objects.all():
        amount, currency = FEES.get(region.code, (Decimal("5000"), "EUR"))
        services.fee_set(
            actor=SYSTEM,
            year=year,
            category="full",
            region=region,
            amount=Money(amount, currency),
            synthetic=True,
        )
    services.fee_set(
        actor=SYSTEM, year=year, category="associate", amount=Money(*ASSOCIATE_FEE), synthetic=True
    )
    members = Organisation.objects.filter(
        pk__in=MembershipPeriod.objects.active_during(year).values("membership__organisation_id")
    ).order_by("name", "pk")
    invoiced = set(Invoice.objects.filter(year=year).values_list("organisation_id", flat=True))
    issued_on, due_on = dt.date(year, 1, 15), dt.date(year, 3, 31)
    for organisation in members:
        draw, day = rng.random(), rng.randint(20, 150)  # drawn for every member: the sequence stays put
        if organisation.pk in invoiced:
            continue
        invoice = services.invoice_issue(
            actor=SYSTEM,
            organisation=organisation,
            year=year,
            issued_on=issued_on,
            due_on=due_on,
            synthetic=True,
        )
        created["invoices"] += 1
        paid_on = issued_on + dt.timedelta(days=day)
        if draw < 0.78:  # most pay in full, some in two halves, a few only half so far
            half = invoice.amount / 2
            parts = [invoice.amount] if draw < 0.6 else [half, half] if draw < 0.7 else [half]
            for part in parts:
                services.payment_record(
                    actor=SYSTEM, invoice=invoice, amount=Money(part, invoice.currency), received_on=paid_on
                )
                created["payments"] += 1
        elif draw < 0.86:
            services.invoice_waive(actor=SYSTEM, invoice=invoice, reason="Synthetic demo waiver.")
            created["waivers"] += 1
        # the rest, and the half paid, stay open: past their due date, they are the arrears
    return {what: n for what, n in created.items() if n}


@transaction.atomic
def clear() -> None:
    """Remove every synthetic finance row (the real ones stay)."""
    IncomeLine.objects.filter(synthetic=True).delete()
    Payment.objects.filter(synthetic=True).delete()
    Invoice.objects.filter(synthetic=True).delete()
    FeeSchedule.objects.filter(synthetic=True).delete()
    ExchangeRate.objects.filter(synthetic=True).delete()
