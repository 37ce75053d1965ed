"""Signed links for subscribers: confirming a subscription, and unsubscribing in one click.
Signed with the secret key, so nobody can forge one for another address."""

from django.core import signing

CONFIRM_SALT = "metrohub.comms.confirm"
UNSUBSCRIBE_SALT = "metrohub.comms.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a week to click the confirmation link


def confirm_token(subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber) -> str:
    # No expiry: the link in an old issue must still work.
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def read(token: str, *, salt: str, max_age: int | None = None) -> dict | None:
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None
