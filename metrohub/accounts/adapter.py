from allauth.account.adapter import DefaultAccountAdapter
from axes.handlers.proxy import AxesProxyHandler

from metrohub.core.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the secretariat, never by sign-up. Logins are counted against the
    client's own address (through the declared proxies) and refused while django-axes holds the
    username locked at that address."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        return client_ip(request)

    def pre_authenticate(self, request, **credentials) -> None:
        # A locked-out client is answered with the lockout page (axes' middleware reads the flag)
        # before allauth counts the try against the username's own limit: one client hammering a
        # username it is locked out of must not use up that username's allowance for everyone.
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)
