"""Permission answers carry their reason, so a page can say why a button is disabled."""

from typing import NamedTuple

from metrohub.core.errors import NotAllowed


class Verdict(NamedTuple):
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def deny(reason: str) -> Verdict:
    return Verdict(False, reason)


def ensure(verdict: Verdict) -> None:
    if not verdict.allowed:
        raise NotAllowed(verdict.reason)
