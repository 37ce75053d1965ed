"""What django-axes counts a failed login against.

django-allauth's login form names its field `login` but authenticates with `username=`; axes reads
whichever name its settings give, so it recorded every failure with an empty username and never
locked anyone. Here the username comes from the credentials the backends were given (allauth's
form, its reauthentication, anything calling `authenticate`), else from the posted form, folded to
lower case as allauth's case-insensitive login matches it: "Maria" and "maria" are one account and
share one count.
"""


def attempted_username(request, credentials: dict | None) -> str | None:
    value = None
    if credentials:
        value = credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        data = getattr(request, "POST", None) or {}
        value = data.get("login") or data.get("username")
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip().casefold()
