"""Finance records built through the services, as the pages and the loader build them."""

import datetime as dt
from decimal import Decimal

from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.models import Agreement, Invoice


def make_invoice(organisation, *, year=2024, amount="10000", currency="EUR", synthetic=False) -> Invoice:
    return services.invoice_issue(
        actor=SYSTEM,
        organisation=organisation,
        year=year,
        issued_on=dt.date(year, 1, 15),
        due_on=dt.date(year, 3, 31),
        amount=Money(Decimal(amount), currency),
        synthetic=synthetic,
    )


def make_agreement(partner, *, kind=Agreement.Kind.FUNDING, year=2024, title=None) -> Agreement:
    return services.agreement_create(
        actor=SYSTEM,
        partner=partner,
        kind=kind,
        title=title or f"{kind} {year} {Agreement.objects.count()}",
        year=year,
        source="test",
    )
