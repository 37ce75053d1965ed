"""The member portal's part for calls: the open calls a focal point's city may apply to (and why
not, for the others), and their applications."""

from django.shortcuts import render

from metrohub.calls.permissions import apply_rule
from metrohub.calls.selectors import organisation_applications, portal_calls
from metrohub.core.access import permission


@permission(apply_rule)
def portal(request):
    organisation = request.user.organisation
    context = {
        "organisation": organisation,
        "calls": portal_calls(organisation),
        "applications": organisation_applications(organisation),
    }
    return render(request, "calls/portal.html", context)
