"""Writes to accounts that are not the sign-in flows (django-allauth keeps those).

Only metrohub itself sets up the demo accounts: the `demo_accounts` command passes SYSTEM."""

from django.contrib.auth.models import Group
from django.db import transaction

from metrohub.accounts.models import User
from metrohub.accounts.roles import Role
from metrohub.core.permissions import deny, ensure_allowed


def _nobody(actor):
    # No person is allowed this: demo accounts come from the command, under demo settings only.
    return deny("Demo accounts are set up by the demo_accounts command only.")


@transaction.atomic
def demo_account_ensure(*, actor, username: str, role: str, organisation, password: str) -> User:
    """The demo account `username` with one role (and organisation); its password is set once."""
    ensure_allowed(actor, _nobody)
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
    user.organisation = organisation
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user
