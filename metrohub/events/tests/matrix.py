"""URL samples for the permission matrix (`metrohub/core/tests/test_permission_matrix.py`)."""

from metrohub.events.models import Registration
from metrohub.events.selectors import feedback_token
from metrohub.events.tests.factories import SpeakerFactory
from metrohub.network.models import Organisation


def samples() -> dict:
    speaker = SpeakerFactory(name="Matrix Speaker", woman=True)
    event = speaker.panel.session.event
    event.capacity = 10
    event.save()
    registration = Registration.objects.create(
        event=event,
        name="Matrix Guest",
        email="guest@example.org",
        status="confirmed",
        organisation=Organisation.objects.filter(slug="city-b").first(),
    )
    return {
        "event_pk": event.pk,
        "panel_pk": speaker.panel_id,
        "speaker_pk": speaker.pk,
        "registration_pk": registration.pk,
        "token": feedback_token(registration),
    }
