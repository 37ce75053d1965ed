"""An application with what its pages show, for the applicant's and the staff's pages."""

from django.shortcuts import get_object_or_404

from metrohub.calls.models import Application


def _application(pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("call", "call__fund", "organisation", "submitted_by"), pk=pk
    )
