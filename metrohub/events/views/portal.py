"""Event pages for members' focal points: registering their organisation's people, cancelling a
registration. (The events staff reach the same cancel button from their registrations list.)"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.form_pages import action, form_page
from metrohub.events import services
from metrohub.events.forms import MemberRegistrationForm
from metrohub.events.models import Event, Registration
from metrohub.events.permissions import (
    can_manage_events,
    member_register_rule,
    registration_cancel_rule,
)
from metrohub.events.selectors import registration_counts
from metrohub.network.selectors import organisation_positions


def _current_people(organisation_id: int):
    positions = organisation_positions(organisation_id, past_people=False).select_related("person")
    people = {position.person_id: position.person for position in positions.order_by("person__name")}
    return list(people.values())


def _registered_message(registrations: list[Registration]) -> str:
    confirmed = [r.name for r in registrations if r.status == Registration.Status.CONFIRMED]
    waiting = [r.name for r in registrations if r.status == Registration.Status.WAITLISTED]
    parts = []
    if confirmed:
        parts.append(
            ngettext("%(names)s is registered.", "%(names)s are registered.", len(confirmed))
            % {"names": ", ".join(confirmed)}
        )
    if waiting:
        parts.append(
            ngettext(
                "The event is full: %(names)s is on the waiting list.",
                "The event is full: %(names)s are on the waiting list.",
                len(waiting),
            )
            % {"names": ", ".join(waiting)}
        )
    return " ".join(parts)


@permission(member_register_rule)
def register(request, event_pk: int):
    """A focal point ticks the people of their organisation to register (the staff have their own
    list, with anyone's registration)."""
    event = get_object_or_404(Event.objects.select_related("city"), pk=event_pk, capacity__isnull=False)
    organisation_id = getattr(request.user, "organisation_id", None)
    if organisation_id is None:
        return redirect("events:registrations", event_pk=event.pk)
    people = _current_people(organisation_id)
    ours = event.registrations.filter(organisation_id=organisation_id).select_related("person")
    taken = set(ours.exclude(status=Registration.Status.CANCELLED).values_list("person_id", flat=True))
    return form_page(
        request,
        MemberRegistrationForm,
        form_kwargs={"people": [person for person in people if person.pk not in taken]},
        save=lambda data: services.registrations_for_people(
            actor=request.user, event=event, people=data["people"]
        ),
        template="events/register.html",
        context={
            "event": event,
            "organisation": request.user.organisation,
            "registrations": ours.order_by("status", "created_at", "pk"),
            "counts": registration_counts(event),
            "has_people": bool(people),
        },
        error_status=400,
        not_allowed_status=403,
        error_field="people",
        success_url=reverse("events:register", args=[event.pk]),
        success_message=_registered_message,
    )


@permission(registration_cancel_rule)
def registration_cancel(request, registration_pk: int):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=registration_pk)
    staff = can_manage_events(request.user)
    back = reverse("events:registrations" if staff else "events:register", args=[registration.event_id])

    def cancel():
        promoted = services.registration_cancel(
            actor=request.user, registration=registration, base_url=request.build_absolute_uri("/")
        )
        messages.success(
            request, _("The registration of %(name)s is cancelled.") % {"name": registration.name}
        )
        if promoted:
            messages.info(
                request,
                _("%(name)s moves up from the waiting list and is told by mail.") % {"name": promoted.name},
            )

    return action(
        request,
        cancel,
        back=back,
        confirm=Confirmation(
            title=_("Cancel the registration of %(name)s?") % {"name": registration.name},
            consequences=[
                _("%(name)s loses their place at “%(event)s”.")
                % {"name": registration.name, "event": registration.event.title},
                _(
                    "If the place was confirmed, the first person on the waiting list takes it "
                    "and is told by mail."
                ),
            ],
            button=_("Cancel the registration"),
            style="danger",
            cancel=back,
        ),
    )
