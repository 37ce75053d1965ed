"""Throttles: at most N of something per key (an address, a client) per period, counted in the cache.

A rate reads like django-ninja's and Django REST framework's: "5/hour", "1/h", "120/min". Each
period is a fixed window; a hit claims one of the window's N slots with the cache's `add`, which
is atomic on every backend (local memory, the database cache, Redis), so two processes or two
threads never both take the last slot. The counts are only as shared as the cache is: a cache
shared by every web process (the database or Redis) makes the limit hold across them.

Callers:

    throttle_hit(scope="newsletter-address", key=email, rate=settings.METROHUB_NEWSLETTER_ADDRESS_RATE,
                 message=_("..."))  # raises Throttled (a DomainError) past the limit

and a view answers 429 with `too_many(...)`.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.shortcuts import render

from metrohub.core.errors import DomainError

PERIODS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "5/hour" → Rate(5, 3600). A bad rate is a configuration error, said at once."""
        try:
            count, period = text.strip().split("/", 1)
            period = period.strip().lower()
            multiple = "".join(c for c in period if c.isdigit())
            unit = period[len(multiple) :]
            return cls(count=int(count), seconds=int(multiple or 1) * PERIODS[unit])
        except (ValueError, KeyError) as exc:
            raise ValueError(f"Not a rate: {text!r} (write it as 5/hour, 120/min, 1/day)") from exc


class Throttled(DomainError):
    """Over the limit: nothing was done. `retry_after` is in seconds."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _slot_key(scope: str, key: str, window: int, slot: int) -> str:
    # Hashed: keys may be mail addresses, and cache keys must stay short and printable.
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{window}:{slot}"


def throttle_hit(*, scope: str, key: str, rate: str | Rate | None, message: str) -> None:
    """Count one hit of `key` in `scope`; raise Throttled with `message` if the window is full.
    A rate of None (or an empty string) means no limit."""
    if not rate:
        return
    rate = rate if isinstance(rate, Rate) else Rate.parse(rate)
    now = time.time()
    window = int(now // rate.seconds)
    ends = (window + 1) * rate.seconds
    # Kept a little past the window's end so a slow clock between processes cannot reopen it.
    timeout = int(ends - now) + 60
    slots = [_slot_key(scope, key, window, n) for n in range(rate.count)]
    taken = cache.get_many(slots)
    for slot in slots:
        if slot not in taken and cache.add(slot, 1, timeout=timeout):
            return
    raise Throttled(message, retry_after=max(int(ends - now) + 1, 1))


def too_many(request, exc: Throttled, template: str, context: dict | None = None):
    """A page answering 429 Too Many Requests with the throttle's message and Retry-After."""
    response = render(request, template, {**(context or {}), "throttled": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def throttled_form_page(request, form, save, *, template: str, done_template: str, done_context=None):
    """A public form page under a throttle: on POST, `save(cleaned_data)` (which calls
    `throttle_hit`) runs; past the limit the page answers 429 with the form as typed and the
    reason; once done, `done_template` with `done_context(cleaned_data)`; otherwise the form, with
    its errors."""
    from metrohub.core.form_pages import submit

    outcome = submit(form, save) if request.method == "POST" else None
    if outcome is not None and isinstance(outcome.error, Throttled):
        return too_many(request, outcome.error, template, {"form": form})
    if outcome is not None and outcome.done:
        return render(request, done_template, done_context(form.cleaned_data) if done_context else {})
    return render(request, template, {"form": form})
