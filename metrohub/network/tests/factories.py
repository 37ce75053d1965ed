"""Factories for registry records. They go through the models directly, for speed; services are
tested on their own."""

import factory
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import generate_totp_secret
from allauth.mfa.utils import encrypt
from django.contrib.auth.models import Group

from metrohub.accounts.models import User
from metrohub.accounts.roles import STAFF_ROLES
from metrohub.core.models import Region
from metrohub.network.models import (
    Membership,
    MembershipPeriod,
    Organisation,
    OrganisationAlias,
    Person,
    Position,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test City {n}")
    slug = factory.Sequence(lambda n: f"test-city-{n}")
    kind = Organisation.Kind.CITY
    country = "FR"
    region = factory.LazyFunction(lambda: Region.objects.get(code="europe"))

    @factory.post_generation
    def alias(self, create, extracted, **kwargs):
        if create:
            OrganisationAlias.objects.create(organisation=self, name=self.name)

    class Params:
        member = factory.Trait(
            membership=factory.RelatedFactory(
                "metrohub.network.tests.factories.MembershipFactory", "organisation"
            )
        )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    joined_year = None

    @factory.post_generation
    def period(self, create, extracted, **kwargs):
        if create:
            MembershipPeriod.objects.create(
                membership=self,
                category=kwargs.get("category", MembershipPeriod.Category.FULL),
                status=kwargs.get("status", MembershipPeriod.Status.ACTIVE),
                start=kwargs.get("start"),
            )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Position.Role.FOCAL_POINT
    title = "International relations officer"


def make_user(
    role: str,
    *,
    organisation: Organisation | None = None,
    username: str | None = None,
    mfa: bool | None = None,
) -> User:
    """A user with one role. Staff have a second factor enrolled, as production requires."""
    user = User.objects.create_user(
        username=username or f"{role}-{User.objects.count()}", password="pw-Test-123!"
    )
    user.organisation = organisation
    user.save()
    user.groups.add(Group.objects.get(name=role))
    if mfa if mfa is not None else role in STAFF_ROLES:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(generate_totp_secret())}
        )
    return user
