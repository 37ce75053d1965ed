"""URL samples for the permission matrix: a call, an application with a file and a reviewer's
assignment, and a fund with a grant."""

from decimal import Decimal

from metrohub.calls import services
from metrohub.calls.models import Attachment
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM
from metrohub.fund import services as fund_services
from metrohub.fund.tests.factories import make_fund
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user


def samples() -> dict:
    donor = OrganisationFactory(name="Matrix Donor", slug="matrix-donor", kind=Organisation.Kind.PARTNER)
    fund = make_fund(donor=donor, name="Matrix Fund")
    call = make_call(fund=fund, max_amount=100_000, title="Matrix Call")
    applicant = OrganisationFactory(name="Matrix Applicant", slug="matrix-applicant")
    MembershipFactory(organisation=applicant)
    application = make_application(call, applicant, status=Status.IN_REVIEW)
    attachment = Attachment.objects.create(
        application=application, file="calls/missing.pdf", name="missing.pdf", size=1
    )
    reviewer = make_user("reviewer", username="matrix-reviewer")
    assignment = services.assignment_create(actor=SYSTEM, application=application, reviewer=reviewer)
    application = services.application_transition(actor=SYSTEM, application=application, step="select")
    grant = fund_services.grant_award(actor=SYSTEM, application=application, amount=Decimal("50000"))
    return {
        "call_pk": call.pk,
        "call_id": call.pk,
        "application_id": application.pk,
        "application_pk": application.pk,
        "attachment_pk": attachment.pk,
        "assignment_pk": assignment.pk,
        "step": "submit",
        "fund_pk": fund.pk,
        "grant_pk": grant.pk,
    }
