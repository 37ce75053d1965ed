"""Event pages: the public list and detail (with their CSV, XLSX and iCalendar twins), and the staff
pages that change events, compose panels, take registrations and record outcomes."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from metrohub.core.access import permission, public
from metrohub.core.exports import as_attachment
from metrohub.core.form_pages import action, form_page, submit
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.events import services
from metrohub.events.forms import (
    EventFilter,
    EventForm,
    OutcomeForm,
    PanelForm,
    RegistrationForm,
    SpeakerForm,
)
from metrohub.events.ical import calendar_of
from metrohub.events.models import Event, Panel, Registration, Speaker
from metrohub.events.permissions import can_manage_events, can_view_event_records, events_manage_rule
from metrohub.events.selectors import (
    balance_of,
    event_directory,
    event_page,
    panels_with_balance,
    registration_counts,
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


@public
def event_list(request):
    form = EventFilter(request.GET or None, queryset=Event.objects.none()).form
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    period = year or 2024
    context = {
        "can_manage": can_manage_events(request.user),
        "period": period,
        "shares": speaker_gender_shares(period),
        "figures": reconcile(period=period, prefix="events."),
    }
    return EVENTS.render(request, "events/event_list.html", context)


@public
def event_export(request, fmt: str):
    return EVENTS.export(request, fmt)


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
            "registrations": registration_counts(event) if staff and event.capacity is not None else None,
            "outcome_form": OutcomeForm(),
            "panel_form": PanelForm(),
        },
    )


@permission(events_manage_rule)
def event_edit(request, event_pk: int | None = None):
    event = get_object_or_404(Event, pk=event_pk) if event_pk is not None else None

    def save(data):
        if event is None:
            return services.event_create(actor=request.user, **data)
        return services.event_update(actor=request.user, event=event, **data)

    return form_page(
        request,
        EventForm,
        instance=event,
        save=save,
        template="events/event_form.html",
        context={"event": event},
        success_url=lambda saved: reverse("events:event_detail", args=[saved.pk]),
        success_message=lambda saved: _("“%(title)s” was saved.") % {"title": saved.title},
    )


@permission(events_manage_rule)
@require_POST
def outcome_add(request, event_pk: int):
    event = get_object_or_404(Event, pk=event_pk)
    return action(
        request,
        lambda data: services.outcome_add(actor=request.user, event=event, **data),
        form=OutcomeForm,
        invalid_message=_("Write the outcome."),
        success_message=_("The outcome was recorded."),
        back=reverse("events:event_detail", args=[event.pk]),
    )


@permission(events_manage_rule)
@require_POST
def panel_add(request, event_pk: int):
    event = get_object_or_404(Event, pk=event_pk)
    return action(
        request,
        lambda data: services.panel_add(actor=request.user, event=event, **data),
        form=PanelForm,
        invalid_message=_("A panel needs a title and the session it belongs to."),
        success_url=lambda panel: reverse("events:panel_compose", args=[panel.pk]),
        back=reverse("events:event_detail", args=[event.pk]),
    )


def _panel(panel_pk: int) -> Panel:
    return get_object_or_404(Panel.objects.select_related("session__event"), pk=panel_pk)


def _speaker_form(data=None) -> SpeakerForm:
    """A speaker form whose field ids change with each rendering. htmx copies the attributes of an
    element to its replacement when their ids match; the browser's autofill leaves an empty style
    attribute on text fields, and copying it breaks the page's strict style policy."""
    return SpeakerForm(data, auto_id=f"speaker-{secrets.token_hex(3)}-%s")


def _compose(request, panel: Panel, form: SpeakerForm):
    """The composing page, or only its speakers-and-balance part when htmx asks."""
    speakers = list(panel.speakers.select_related("organisation"))
    context = {
        "panel": panel,
        "event": panel.session.event,
        "speakers": speakers,
        "balance": balance_of(speakers),
        "form": form,
    }
    template = (
        "events/panel_compose.html#composition"
        if request.headers.get("HX-Request")
        else "events/panel_compose.html"
    )
    return render(request, template, context)


@permission(events_manage_rule)
def panel_compose(request, panel_pk: int):
    return _compose(request, _panel(panel_pk), _speaker_form())


@permission(events_manage_rule)
@require_POST
def speaker_add(request, panel_pk: int):
    panel = _panel(panel_pk)
    form = _speaker_form(request.POST)
    if submit(
        form, lambda data: services.speaker_add(actor=request.user, panel=panel, **data), field="name"
    ).done:
        if not request.headers.get("HX-Request"):
            return redirect("events:panel_compose", panel_pk=panel.pk)
        form = _speaker_form()
    return _compose(request, panel, form)


@permission(events_manage_rule)
@require_POST
def speaker_remove(request, speaker_pk: int):
    speaker = get_object_or_404(Speaker.objects.select_related("panel__session__event"), pk=speaker_pk)
    panel = speaker.panel
    services.speaker_remove(actor=request.user, speaker=speaker)
    if not request.headers.get("HX-Request"):
        return redirect("events:panel_compose", panel_pk=panel.pk)
    return _compose(request, panel, _speaker_form())


@permission(events_manage_rule)
def registrations(request, event_pk: int):
    event = get_object_or_404(Event, pk=event_pk)
    return form_page(
        request,
        RegistrationForm,
        save=lambda data: services.registration_create(actor=request.user, event=event, **data),
        template="events/registrations.html",
        context=lambda form: {
            "event": event,
            "registrations": event.registrations.select_related("organisation").order_by(
                "status", "created_at", "pk"
            ),
            "counts": registration_counts(event),
        },
        success_url=reverse("events:registrations", args=[event.pk]),
        success_message=lambda registration: (
            _("%(name)s is registered: %(status)s.")
            % {"name": registration.name, "status": registration.get_status_display()}
        ),
    )


@permission(events_manage_rule)
@require_POST
def registration_cancel(request, registration_pk: int):
    registration = get_object_or_404(Registration, pk=registration_pk)

    def cancel():
        promoted = services.registration_cancel(actor=request.user, registration=registration)
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        )
        if promoted:
            messages.info(request, _("%(name)s moves up from the waiting list.") % {"name": promoted.name})

    return action(request, cancel, back=reverse("events:registrations", args=[registration.event_id]))
