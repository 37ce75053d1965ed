"""The member portal's entry: a focal point's own organisation."""

from django.shortcuts import redirect

from metrohub.core.access import permission
from metrohub.network.permissions import portal_rule


@permission(portal_rule)
def portal(request):
    """A focal point's home: their own organisation."""
    return redirect("network:organisation", pk=request.user.organisation_id)
