"""For tests and benchmarks that make sessions without the login form: a session as a full login
leaves it, the password and the second factor recorded (metrohub.accounts.mfa.second_factor_used)."""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.account.internal.userkit import user_id_to_str


def record_full_login(session, user) -> None:
    """Write into `session` (a SessionBase) the steps allauth records for a password-and-code login."""
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
