"""Call metrics: applications submitted and selected. Synthetic applications never count."""

from django.urls import reverse

from metrohub.calls.models import Application
from metrohub.calls.workflow import Status
from metrohub.core.metrics import metric


@metric(
    key="calls.applications",
    title="Applications submitted",
    unit="applications",
    records_url=lambda period: reverse("calls:applications"),
)
def applications(period: int):
    """Applications submitted to any call in the year (drafts are not counted)."""
    return Application.objects.filter(submitted_at__year=period, synthetic=False)


@metric(
    key="calls.selections",
    title="Applications selected",
    unit="applications",
    records_url=lambda period: reverse("calls:applications") + "?status=selected",
)
def selections(period: int):
    """Applications selected in the year."""
    return Application.objects.filter(
        status=Status.SELECTED,
        synthetic=False,
        transitions__to_status=Status.SELECTED,
        transitions__at__year=period,
    ).distinct()
