"""URL samples for the permission matrix: an agreement, an invoice, a fee rule and a credit note."""

import datetime as dt
from decimal import Decimal

from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
from metrohub.finance.dues import services as dues
from metrohub.finance.models import Agreement
from metrohub.finance.tests.factories import make_agreement, make_invoice
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory


def samples() -> dict:
    partner = OrganisationFactory(
        name="Matrix Partner", slug="matrix-partner", kind=Organisation.Kind.PARTNER
    )
    member = OrganisationFactory(name="Matrix Member", slug="matrix-member")
    MembershipFactory(organisation=member)
    agreement = make_agreement(partner, kind=Agreement.Kind.COOPERATION)
    invoice = make_invoice(member)
    fee = dues.fee_create(actor=SYSTEM, year=2024, category="full", amount=Money(Decimal("5000"), "EUR"))
    note = dues.credit_note_issue(actor=SYSTEM, invoice=invoice, amount=Decimal("10"), reason="Matrix")
    instalment = services.instalment_add(
        actor=SYSTEM,
        agreement=agreement,
        expected_on=dt.date(2025, 1, 1),
        amount=Money(Decimal("100"), "EUR"),
    )
    reporting = services.reporting_date_add(
        actor=SYSTEM, agreement=agreement, due_on=dt.date(2025, 6, 1), what="Matrix report"
    )
    return {
        "agreement_pk": agreement.pk,
        "invoice_pk": invoice.pk,
        "fee_pk": fee.pk,
        "note_pk": note.pk,
        "instalment_pk": instalment.pk,
        "reporting_pk": reporting.pk,
    }
