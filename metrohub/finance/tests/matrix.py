"""URL samples for the permission matrix: an agreement and an invoice that exist."""

import datetime as dt
from decimal import Decimal

from metrohub.core.money import Money
from metrohub.core.permissions import SYSTEM
from metrohub.finance import services
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
        "invoice_pk": make_invoice(member).pk,
        "instalment_pk": instalment.pk,
        "reporting_pk": reporting.pk,
    }
