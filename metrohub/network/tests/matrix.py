"""URL samples for the permission matrix: a focal point of city B and an invitation there; a
prospective member and its next step, and a change of a member's status."""

from metrohub.accounts.models import Invitation
from metrohub.accounts.roles import Role
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import OrganisationFactory, make_user


def samples() -> dict:
    from metrohub.network.membership import services

    # the permission matrix's city B; another test's samples make one
    city_b = Organisation.objects.filter(slug="city-b").first() or OrganisationFactory(
        slug="city-b", name="City B"
    )
    staff = make_user(Role.MEMBERSHIP, username="matrix-inviter")
    invitation = Invitation.objects.create(
        organisation=city_b, email="invited@city-b.example", invited_by=staff
    )
    focal = make_user(Role.FOCAL_POINT, organisation=city_b, username="matrix-focal")
    prospect = services.prospect_express_interest(
        name="Matrix Prospect",
        kind="city",
        country="GH",
        category="full",
        contact_name="Ama",
        contact_email="ama@matrix.example",
    )
    return {
        "invitation_pk": invitation.pk,
        "user_pk": focal.pk,
        "prospect_pk": prospect.pk,
        "move": "apply",
        "change": "suspend",
    }
