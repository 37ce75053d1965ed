"""What the security suite's site holds before the tests start, and the users they make.

Run inside the site's own process environment (`LiveSite.run`), never in the test process.
"""

from django.contrib.auth.models import Group

CITIES = {
    "dakar": ("Dakar", "SN", "africa"),
    "abidjan": ("Abidjan", "CI", "africa"),
}


def city(slug: str):
    """The member city of that slug, made (with an open full membership) if it is not there."""
    from metrohub.core.models import Region
    from metrohub.network.models import Organisation
    from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

    found = Organisation.objects.filter(slug=slug).first()
    if found:
        return found
    name, country, region = CITIES.get(slug, (slug.replace("-", " ").title(), "FR", "europe"))
    organisation = OrganisationFactory(
        name=name, slug=slug, country=country, region=Region.objects.get(code=region)
    )
    MembershipFactory(organisation=organisation)
    return organisation


def make_user(role: str, username: str, password: str, *, organisation=None, mfa=None, **fields) -> dict:
    """A user with one role and a password; staff get a TOTP factor with the suite's secret."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    from metrohub.accounts.models import User
    from metrohub.accounts.roles import STAFF_ROLES
    from tests.security.conftest import TOTP_SECRET

    user = User.objects.create_user(username=username, password=password, **fields)
    if organisation:
        user.organisation = city(organisation)
    if role == "admin":
        user.is_staff = user.is_superuser = True
    user.save()
    user.groups.add(Group.objects.get(name=role))
    totp = mfa if mfa is not None else role in STAFF_ROLES
    if totp:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(TOTP_SECRET)}
        )
    return {"pk": user.pk, "totp": bool(totp)}


def base() -> None:
    for slug in CITIES:
        city(slug)
