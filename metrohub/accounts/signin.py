"""The one way in: django-allauth's login. Other doors send there."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode


def admin_login(request, extra_context=None):
    """The admin's login page: sends to allauth's login, which comes back to the admin."""
    from django.contrib import admin

    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(reverse("admin:index"))
        # Logged in without the admin's permission: sending to the login would come straight back.
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


def record_enrolment_as_use(sender, request, user, authenticator, **kwargs) -> None:
    """Activating an authenticator app takes a code from it: the session has used its factor.
    (allauth records the same step when the code is given at login.)"""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
