"""How a view says who may see it.

Every view either calls a `can_*` check (and `refuse`s with its reason) or is marked `@public`.
"""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from metrohub.core.permissions import Verdict


def public(view):
    """Mark a view as open to anyone, on purpose."""
    view.metrohub_public = True
    return view


def refuse(request, verdict: Verdict):
    """Anonymous visitors are sent to log in; a logged-in user is told why not."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "403.html", {"reason": verdict.reason}, status=403)
