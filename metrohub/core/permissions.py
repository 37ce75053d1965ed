"""Permission answers carry their reason, so a page can say why a button is disabled.

A service checks its actor with `ensure_allowed(actor, rule, *args)`. The actor is a user, or
`SYSTEM`: the one explicit switch for acting without a permission check, passed only by the
dataset loaders, the demo data, management commands and tasks (a test holds everything else to
that). There is no implicit switch: a service's `actor` is keyword-only and required, and `None`
is refused.
"""

from collections.abc import Callable
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


def roles_of(user) -> frozenset[str]:
    """The roles of a signed-in user (accounts gives each user `roles`); none for anyone else."""
    return getattr(user, "roles", frozenset()) if user is not None and user.is_authenticated else frozenset()


def ensure(verdict: Verdict) -> None:
    if not verdict.allowed:
        raise NotAllowed(verdict.reason)


class SystemActor:
    """metrohub itself acting (a loader, the demo data, a command, a task): no rule is asked, and
    history records no user. Not a user: it is never logged in and has no key."""

    is_authenticated = False
    is_anonymous = False
    is_active = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __repr__(self) -> str:
        return "SYSTEM"

    __str__ = __repr__

    def __reduce__(self):
        return "SYSTEM"  # one instance, even through pickling


SYSTEM = SystemActor()

NO_ACTOR = "None is not an actor: pass the user acting, or SYSTEM for metrohub itself."


def is_system(actor) -> bool:
    return actor is SYSTEM


def ensure_allowed(actor, rule: Callable[..., Verdict], *args, **kwargs) -> None:
    """Pass for SYSTEM; otherwise raise NotAllowed with the rule's reason unless it allows `actor`.

    A caller that forgot who acts (None) gets a TypeError, never a skipped check."""
    if actor is SYSTEM:
        return
    if actor is None:
        raise TypeError(NO_ACTOR)
    ensure(rule(actor, *args, **kwargs))


def acting_user(actor):
    """The user to record as having done something (an author, a `created_by`): None for SYSTEM."""
    if actor is None:
        raise TypeError(NO_ACTOR)
    return None if actor is SYSTEM else actor
