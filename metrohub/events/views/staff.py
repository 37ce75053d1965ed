"""Event pages for the secretariat: editing events, panels and speakers, outcomes, and the
registrations of members — the list with its history, invitations, reminders, attendance ticked on
the day and the feedback summary."""

import secrets

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.form_pages import action, attempt, edit_page, form_page, record_action, run, submit
from metrohub.core.lists import Column, Listing
from metrohub.events import charts, services
from metrohub.events.forms import (
    AttendanceForm,
    EventForm,
    InvitationForm,
    OutcomeForm,
    PanelForm,
    RegistrationFilter,
    RegistrationForm,
    SpeakerForm,
)
from metrohub.events.models import Event, Panel, Registration, Speaker
from metrohub.events.permissions import events_manage_rule, events_staff_rule
from metrohub.events.selectors import (
    attendance_list,
    balance_of,
    feedback_summary,
    registration_counts,
    registration_history,
    registrations_of,
    reminders_due,
)
from metrohub.network.selectors import organisations_with_membership


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


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _event_of(request) -> Event:
    return get_object_or_404(Event, pk=request.resolver_match.kwargs["event_pk"])


REGISTRATION_CELLS = "events/registrations.html"

REGISTRATIONS = Listing(
    name="registrations",
    queryset=lambda request: registrations_of(_event_of(request)),
    filterset=RegistrationFilter,
    default_sort="created",
    columns=[
        Column("name", _l("Name"), sort="name", cell=f"{REGISTRATION_CELLS}#name"),
        Column("email", _l("Email"), sort="email"),
        Column("organisation", _l("Organisation"), value="organisation.name", sort="organisation__name"),
        Column("status", _l("Status"), value="get_status_display", sort="status"),
        Column(
            "created",
            _l("Registered"),
            value="created_at",
            sort="created_at",
            cell=f"{REGISTRATION_CELLS}#created",
        ),
        Column("registered_by", _l("Registered by"), value="registered_by.username", on_page=False),
        Column("attended", _l("Present"), value=lambda r: _("yes") if r.attended else "", sort="attended"),
        Column("attendance_by", _l("Ticked by"), value="attendance_by.username", on_page=False),
        Column("attendance_at", _l("Ticked at"), value="attendance_at", on_page=False),
        Column("reminded_at", _l("Reminded"), value="reminded_at", on_page=False),
        Column("actions", _l("Actions"), value="", cell=f"{REGISTRATION_CELLS}#actions", in_export=False),
    ],
)


@permission(events_manage_rule)
def registrations(request, event_pk: int):
    """The event's registrations (filter by status, sort, page, export), someone registered by
    hand, and the history of the registrations."""
    event = get_object_or_404(Event, pk=event_pk)

    def page(form, status):
        context = {
            "event": event,
            "form": form,
            "counts": registration_counts(event),
            "history": registration_history(event),
            "reminders_due": reminders_due(event).count() if event.start > timezone.now() else 0,
        }
        return REGISTRATIONS.render(request, "events/registrations.html", context, status=status)

    return form_page(
        request,
        RegistrationForm,
        save=lambda data: services.registration_create(actor=request.user, event=event, **data),
        render_page=page,
        error_status=400,
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
def attendance(request, event_pk: int):
    """The list to tick on the day, made for a phone: one big button per person."""
    event = get_object_or_404(Event, pk=event_pk)
    people = attendance_list(event)
    return render(
        request,
        "events/attendance.html",
        {"event": event, "people": people, **_present(event)},
    )


def _present(event: Event) -> dict:
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    return {"present": confirmed.filter(attended=True).count(), "total": confirmed.count()}


@permission(events_manage_rule)
@require_POST
def attendance_mark(request, registration_pk: int):
    """Tick or untick one person; htmx swaps only their row, a plain POST comes back to the list."""
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=registration_pk)
    form = AttendanceForm(request.POST)
    back = reverse("events:attendance", args=[registration.event_id]) + f"#r{registration.pk}"
    htmx = request.headers.get("HX-Request")
    if not form.is_valid():
        messages.error(request, _("Say whether the person is present."))
        return redirect(back)

    def tick():
        return services.attendance_mark(
            actor=request.user, registration=registration, attended=form.cleaned_data["attended"]
        )

    outcome = run(tick) if htmx else attempt(request, tick)
    if not htmx:
        return redirect(back)
    row = (
        outcome.result
        if outcome.done
        else Registration.objects.select_related("attendance_by").get(pk=registration.pk)
    )
    context = {
        "row": row,
        "event": registration.event,
        "error": None if outcome.done else outcome.error.message,
    }
    status = 200 if outcome.done else 400
    row_html = render_to_string("events/attendance.html#person", context, request=request)
    count_html = render_to_string(
        "events/attendance.html#count", {"oob": True, **_present(registration.event)}, request=request
    )
    return HttpResponse(row_html + count_html, status=status)


@permission(events_manage_rule)
def invite(request, event_pk: int):
    """Invite organisations, chosen one by one or all current members of a region; the mail goes
    through the task queue, and each invitation is recorded."""
    event = get_object_or_404(Event, pk=event_pk)
    form = InvitationForm(request.POST or None)
    form.fields["organisations"].widget.form_data = request.POST or request.GET

    def chosen(data) -> list:
        organisations = list(data.get("organisations") or [])
        if data.get("region"):
            members = organisations_with_membership().filter(current_status="active", region=data["region"])
            organisations += list(members)
        return organisations

    def confirmation(data) -> Confirmation:
        organisations = chosen(data)
        names = ", ".join(o.name for o in organisations[:8]) + ("…" if len(organisations) > 8 else "")
        return Confirmation(
            title=_("Invite %(count)s organisations to “%(event)s”?")
            % {"count": len(organisations), "event": event.title},
            consequences=[
                names,
                _(
                    "Each organisation's focal points get the invitation by mail; "
                    "an organisation invited before is not invited again."
                ),
            ],
            button=_("Send the invitations"),
        )

    def save(data):
        return services.invitations_create(
            actor=request.user, event=event, organisations=chosen(data), base_url=_base_url(request)
        )

    def said(result) -> str:
        new, before = result
        return _(
            "%(new)s organisations invited; %(before)s had been invited before. The mail is on its way."
        ) % {
            "new": new,
            "before": before,
        }

    return form_page(
        request,
        form,
        save=save,
        confirm=confirmation,
        template="events/invite.html",
        context={
            "event": event,
            "invitations": event.invitations.select_related("organisation", "invited_by"),
        },
        error_status=400,
        success_url=reverse("events:invite", args=[event.pk]),
        success_message=said,
    )


@permission(events_manage_rule)
def reminders(request, event_pk: int):
    event = get_object_or_404(Event, pk=event_pk)
    due = reminders_due(event).count()
    back = reverse("events:registrations", args=[event.pk])
    return action(
        request,
        lambda: services.reminders_queue(actor=request.user, event=event, base_url=_base_url(request)),
        back=back,
        success_message=lambda count: _("%(count)s reminders are on their way.") % {"count": count},
        confirm=Confirmation(
            title=_("Send the reminders of “%(event)s”?") % {"event": event.title},
            consequences=[
                _("%(count)s confirmed people who have not been reminded get a reminder by mail.")
                % {"count": due},
                _("Nobody is reminded twice."),
            ],
            button=_("Send the reminders"),
            warning=None,
            refusal=None if due else _("Everyone confirmed with an address has been reminded already."),
        ),
    )


@permission(events_staff_rule)
def feedback(request, event_pk: int):
    event = get_object_or_404(Event, pk=event_pk)
    summary = feedback_summary(event)
    return render(
        request,
        "events/feedback_summary.html",
        {"event": event, "summary": summary, "spec": charts.feedback_ratings(summary)},
    )
