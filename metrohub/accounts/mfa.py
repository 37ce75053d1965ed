"""Second factors: their secrets encrypted at rest, and whether this session used one.

django-allauth stores each TOTP secret and recovery-code seed through its MFA adapter's `encrypt`
and `decrypt`; here they are Fernet tokens (AES-128-CBC with HMAC-SHA256) under
METROHUB_FIELD_KEY, so a copy of the database or a backup does not give away the second factors.
Several keys may be given, comma-separated: the first encrypts, any decrypts (rotation).
"""

from functools import cache

from allauth.account.authentication import get_authentication_records
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.METROHUB_FIELD_KEYS))


def is_encrypted(value: str) -> bool:
    """Fernet tokens start with version byte 0x80 ("gAAAAA" in base64); TOTP secrets are base32
    and recovery seeds hexadecimal, neither of which can."""
    return isinstance(value, str) and value.startswith("gAAAAA")


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        # A secret that does not decrypt under the configured keys raises (InvalidToken): never
        # fall back to the stored text, which would accept codes computed from it.
        return fernet().decrypt(encrypted_text.encode()).decode()


def second_factor_used(request) -> bool:
    """Whether this session's login went through a second factor (allauth records each step of
    the login in the session: a password, then `mfa` for the code), or enrolled one just now."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))
