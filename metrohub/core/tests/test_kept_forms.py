"""A form beside a record (`action` with a form) that fails keeps what was typed: the page it
goes back to shows the form as typed, once (core/form_pages.py `keep` and `kept`)."""

import pytest
from django.urls import reverse

from metrohub.events.models import Panel
from metrohub.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_a_refused_panel_keeps_what_was_typed_on_the_event_page(client, programs_staff):
    event = EventFactory()
    client.force_login(programs_staff)
    response = client.post(
        reverse("events:panel_add", args=[event.pk]), {"session_title": "Opening plenary", "title": ""}
    )
    assert not Panel.objects.exists()
    page = client.get(response.url).content.decode()
    assert "A panel needs a title and the session it belongs to." in page
    assert 'value="Opening plenary"' in page
    assert 'value="Opening plenary"' not in client.get(response.url).content.decode()  # once


def test_what_was_typed_is_not_shown_on_another_page(client, programs_staff):
    event, other = EventFactory(), EventFactory()
    client.force_login(programs_staff)
    typed = {"session_title": "Opening plenary", "title": ""}
    client.post(reverse("events:panel_add", args=[event.pk]), typed)
    page = client.get(reverse("events:event_detail", args=[other.pk])).content.decode()
    assert 'value="Opening plenary"' not in page
