from django import template
from django.utils import timezone

from metrohub.events.selectors import feedback_token, open_for_registration, organisation_registrations

register = template.Library()


@register.inclusion_tag("events/_portal_events.html")
def portal_events_for(organisation):
    """The events a focal point may register their people for, and their organisation's
    registrations, with the feedback link of each attendee once the event is over."""
    registrations = list(organisation_registrations(organisation.pk)[:50])
    now = timezone.now()
    for registration in registrations:
        over = registration.event.end < now
        registration.feedback_link = feedback_token(registration) if registration.attended and over else None
    return {"open_events": list(open_for_registration()[:20]), "registrations": registrations}
