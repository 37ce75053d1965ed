"""Event pages for the secretariat: editing events, panels and speakers, registrations and
outcomes."""

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from metrohub.core.access import permission
from metrohub.core.form_pages import action, edit_page, form_page, record_action, submit
from metrohub.events import services
from metrohub.events.forms import (
    EventForm,
    OutcomeForm,
    PanelForm,
    RegistrationForm,
    SpeakerForm,
)
from metrohub.events.models import Event, Panel, Registration, Speaker
from metrohub.events.permissions import events_manage_rule
from metrohub.events.selectors import (
    balance_of,
    registration_counts,
)


@permission(events_manage_rule)
def event_edit(request, event_pk: int | None = None):
    return edit_page(
        request,
        Event,
        event_pk,
        EventForm,
        create=lambda data: services.event_create(actor=request.user, **data),
        update=lambda event, data: services.event_update(actor=request.user, event=event, **data),
        template="events/event_form.html",
        name="event",
        success_url=lambda saved: reverse("events:event_detail", args=[saved.pk]),
        success_message=lambda saved: _("“%(title)s” was saved.") % {"title": saved.title},
    )


def _event_page(event: Event) -> str:
    return reverse("events:event_detail", args=[event.pk])


outcome_add = record_action(
    Event,
    permission(events_manage_rule),
    lambda request, event, data: services.outcome_add(actor=request.user, event=event, **data),
    form=OutcomeForm,
    invalid_message=_l("Write the outcome."),
    success_message=_l("The outcome was recorded."),
    back=_event_page,
)

panel_add = record_action(
    Event,
    permission(events_manage_rule),
    lambda request, event, data: services.panel_add(actor=request.user, event=event, **data),
    form=PanelForm,
    invalid_message=_l("A panel needs a title and the session it belongs to."),
    success_url=lambda panel: reverse("events:panel_compose", args=[panel.pk]),
    back=_event_page,
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
            (
                _("The event is full: %(name)s is on the waiting list.")
                if registration.status == Registration.Status.WAITLISTED
                else _("%(name)s is registered.")
            )
            % {"name": registration.name}
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
