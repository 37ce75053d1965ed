"""Staff and administrators reach no page before this session used their second factor.

Enrolled is not enough: a session is only as strong as the login that made it. django-allauth
records each step of a login in the session (metrohub.accounts.mfa.second_factor_used); a staff
session without the `mfa` step — made by any way in other than allauth's full login — is logged out
and sent back to the login, which asks for the code. A staff account with no factor yet is sent to
enrol one (entering the first code counts as using it).
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from metrohub.accounts.demo_accounts import DEMO_USERNAMES
from metrohub.accounts.mfa import second_factor_used
from metrohub.accounts.roles import STAFF_ROLES

# Where a staff user without a factor may still go: to enrol, log out, change language.
OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/health/")
# Where a staff session that skipped its enrolled factor may go: nothing but static files.
ALWAYS_OPEN_PREFIXES = ("/static/", "/health/")


def mfa_exempt(user) -> bool:
    """The demo's own accounts may skip the second factor, under demo settings only."""
    return settings.DEVELOPMENT and settings.METROHUB_DEMO and user.username in DEMO_USERNAMES


def mfa_required(user) -> bool:
    """Staff roles, superusers and anyone the admin lets in (is_staff) need a second factor."""
    if not user.is_authenticated:
        return False
    return bool(user.roles & STAFF_ROLES or user.is_superuser or user.is_staff) and not mfa_exempt(user)


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.path.startswith(ALWAYS_OPEN_PREFIXES) or not mfa_required(user):
            return self.get_response(request)
        if not is_mfa_enabled(user):
            if request.path.startswith(OPEN_PREFIXES):
                return self.get_response(request)
            messages.warning(
                request, _("Your role needs a second factor: set up an authenticator app to go on.")
            )
            return redirect("mfa_activate_totp")
        if not second_factor_used(request):
            logout(request)
            messages.warning(request, _("Your role needs your second factor: log in with your code."))
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
