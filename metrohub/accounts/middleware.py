"""Staff and administrators must have a second factor before they reach any page."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from metrohub.accounts.roles import STAFF_ROLES

# Where a user without a second factor may still go: to enrol, log out, change language.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")


def mfa_exempt(user) -> bool:
    """The demo's own accounts may skip enrolment, under demo settings only."""
    from metrohub.accounts.management.commands.demo_accounts import DEMO_USERNAMES

    return settings.METROHUB_DEMO and user.username in DEMO_USERNAMES


def mfa_required(user) -> bool:
    return bool(user.is_authenticated and user.roles & STAFF_ROLES and not mfa_exempt(user))


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not request.path.startswith(OPEN_PREFIXES) and mfa_required(user) and not is_mfa_enabled(user):
            messages.warning(
                request, _("Your role needs a second factor: set up an authenticator app to go on.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
