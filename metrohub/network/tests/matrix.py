"""URL samples for the permission matrix: a focal point of city B and an invitation there."""

from metrohub.accounts.models import Invitation
from metrohub.accounts.roles import Role
from metrohub.network.models import Organisation
from metrohub.network.tests.factories import make_user


def samples() -> dict:
    city_b = Organisation.objects.get(slug="city-b")
    staff = make_user(Role.MEMBERSHIP, username="matrix-inviter")
    invitation = Invitation.objects.create(
        organisation=city_b, email="invited@city-b.example", invited_by=staff
    )
    focal = make_user(Role.FOCAL_POINT, organisation=city_b, username="matrix-focal")
    return {"invitation_pk": invitation.pk, "user_pk": focal.pk}
