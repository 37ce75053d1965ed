"""View helpers shared by more than one of calls's view modules."""

from django.shortcuts import get_object_or_404

from metrohub.calls.models import Application


def _application(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call", "call__fund", "organisation", "submitted_by"), pk=pk
    )
