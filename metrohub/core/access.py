"""How a view says who may see it.

Every view is either `@public` (open to anyone, on purpose) or guarded by `@permission(rule)`,
where `rule(user, **url_kwargs)` returns a Verdict. The permission matrix test walks every URL
and holds each view to this: a page cannot forget its check.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from metrohub.core.permissions import Verdict

Rule = Callable[..., Verdict]


def public(view):
    """Mark a view as open to anyone, on purpose."""
    view.metrohub_public = True
    return view


def permission(rule: Rule):
    """Refuse the request unless `rule(request.user, **url_kwargs)` allows it."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            verdict = rule(request.user, **kwargs)
            if not verdict:
                return refuse(request, verdict)
            return view(request, *args, **kwargs)

        guarded.metrohub_rule = rule
        return guarded

    return decorate


def refuse(request, verdict: Verdict):
    """Anonymous visitors are sent to log in; a logged-in user is told why not."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "403.html", {"reason": verdict.reason}, status=403)
