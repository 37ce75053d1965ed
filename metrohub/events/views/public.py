"""Public event pages: the list and its export, an event, the calendar feeds, and an attendee's
feedback form (through their own link)."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import public
from metrohub.core.exports import as_attachment
from metrohub.core.form_pages import form_page, kept
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.events import services
from metrohub.events.forms import (
    EventFilter,
    FeedbackForm,
    OutcomeForm,
    PanelForm,
)
from metrohub.events.ical import calendar_of
from metrohub.events.models import Event, Feedback
from metrohub.events.permissions import can_manage_events, can_register_members, can_view_event_records
from metrohub.events.selectors import (
    event_directory,
    event_page,
    panels_with_balance,
    registration_counts,
    registration_from_token,
    speaker_gender_shares,
)

CELLS = "events/event_list.html"


EVENTS = Listing(
    name="events",
    queryset=lambda request: event_directory(public_only=not can_view_event_records(request.user)),
    filterset=EventFilter,
    default_sort="start",
    tiebreak=("title", "pk"),
    export_url="events:event_export",
    page_order=["start", "title", "kind", "city"],
    columns=[
        Column("title", _l("Title"), sort="title", cell=f"{CELLS}#title"),
        Column("kind", _l("Kind"), value="get_kind_display", sort="kind"),
        Column("start", _l("Start"), heading=_l("Date"), sort="start", cell=f"{CELLS}#when"),
        Column("end", _l("End"), on_page=False),
        Column("timezone", _l("Time zone"), on_page=False),
        Column("place", _l("Place"), on_page=False),
        Column("city", _l("City"), value="city.name", sort="city__name", cell=f"{CELLS}#city"),
        Column("theme", _l("Theme"), on_page=False),
        Column("source", _l("Source"), on_page=False),
    ],
)


def _list_context(request) -> dict:
    form = EventFilter(request.GET or None, queryset=Event.objects.none()).form
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    period = year or 2024
    return {
        "can_manage": can_manage_events(request.user),
        "period": period,
        "shares": speaker_gender_shares(period),
        "figures": reconcile(period=period, prefix="events."),
    }


event_list, event_export = EVENTS.views(public, "events/event_list.html", _list_context)


def _ical_response(events, request, filename: str) -> HttpResponse:
    body = calendar_of(
        events, lambda e: request.build_absolute_uri(reverse("events:event_detail", args=[e.pk]))
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    as_attachment(response, filename, "ics")
    return response


@public
def calendar_ical(request):
    _filters, queryset, _sort = EVENTS.rows(request)
    return _ical_response(queryset[: settings.METROHUB_EXPORT_ROW_CAP], request, "metrohub-events")


def _event_or_404(request, event_pk: int) -> Event:
    try:
        return event_page(event_pk, public_only=not can_view_event_records(request.user))
    except Event.DoesNotExist as exc:
        raise Http404 from exc


@public
def event_ical(request, event_pk: int):
    return _ical_response([_event_or_404(request, event_pk)], request, f"event-{event_pk}")


@public
def event_detail(request, event_pk: int):
    event = _event_or_404(request, event_pk)
    staff = can_view_event_records(request.user)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "panels": panels_with_balance(event),
            "can_manage": can_manage_events(request.user),
            "is_staff": bool(staff),
            "can_register": bool(can_register_members(request.user)) and not staff,
            "registrations": registration_counts(event) if staff and event.capacity is not None else None,
            "outcome_form": kept(request, OutcomeForm),
            "panel_form": kept(request, PanelForm),
        },
    )


@public
def feedback(request, token: str):
    """An attendee's feedback form, reached through their own signed link (no account needed)."""
    registration = registration_from_token(token)
    if registration is None:
        raise Http404
    given = Feedback.objects.filter(registration=registration).exists()
    return form_page(
        request,
        FeedbackForm,
        save=lambda data: services.feedback_submit(actor=request.user, registration=registration, **data),
        template="events/feedback.html",
        context={"registration": registration, "event": registration.event, "given": given},
        error_status=400,
        success_url=request.path,
        success_message=_l("Thank you: your feedback is recorded."),
    )
