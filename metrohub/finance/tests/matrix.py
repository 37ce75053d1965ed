"""URL samples for the permission matrix: an agreement and an invoice that exist."""

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
    return {"agreement_pk": agreement.pk, "invoice_pk": make_invoice(member).pk}
