"""Calls in the open: anyone reads the published calls — who may apply, until when, how the
applications are judged, how to apply — and, once a call is decided, the applications selected
and the grants awarded. Drafts, unpublished calls and the applications' contents stay inside."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from metrohub.calls.models import Application, Call
from metrohub.calls.workflow import Status
from metrohub.core.access import public


def _published():
    return Call.objects.filter(published=True, synthetic=False).select_related("fund")


@public
def call_list(request):
    now = timezone.now()
    calls = list(_published().order_by("closes_at", "title"))
    context = {
        "open": [c for c in calls if c.opens_at <= now < c.closes_at],
        "upcoming": [c for c in calls if now < c.opens_at],
        "closed": sorted((c for c in calls if c.closes_at <= now), key=lambda c: c.closes_at, reverse=True),
    }
    return render(request, "calls/public_calls.html", context)


@public
def call(request, call_pk: int):
    selected = Application.objects.filter(status=Status.SELECTED, synthetic=False).select_related(
        "organisation", "grant"
    )
    call = get_object_or_404(
        _published().prefetch_related(
            "eligible_regions",
            "criteria",
            Prefetch("applications", queryset=selected.order_by("organisation__name"), to_attr="selected"),
        ),
        pk=call_pk,
    )
    now = timezone.now()
    context = {
        "call": call,
        "is_open": call.opens_at <= now < call.closes_at,
        "upcoming": now < call.opens_at,
        # the selection is public once the call has closed and something was selected
        "selected": call.selected if call.closes_at <= now else [],
    }
    return render(request, "calls/public_call.html", context)
