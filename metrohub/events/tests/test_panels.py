"""A panel without a woman is flagged on the event page and counted in the gender metrics; the
balance is worked out again as a panel is composed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metrohub.core.metrics import REGISTRY
from metrohub.events.models import Speaker
from metrohub.events.tests.factories import EventFactory, PanelFactory, SpeakerFactory
from metrohub.network.tests.factories import make_user

pytestmark = pytest.mark.django_db


def metric(key, year):
    return REGISTRY[key].compute(year).value


def test_a_panel_without_a_woman_is_flagged_on_the_public_event_page(client):
    # given a panel of two men
    panel = PanelFactory(title="All-male panel")
    SpeakerFactory(panel=panel, man=True)
    SpeakerFactory(panel=panel, man=True)
    # when anyone opens the event page
    page = client.get(reverse("events:event_detail", args=[panel.session.event.pk])).content.decode()
    # then the panel carries the warning
    assert 'data-flag="no-woman"' in page
    assert "No woman on this panel." in page


def test_a_balanced_panel_is_not_flagged(client):
    panel = PanelFactory()
    SpeakerFactory(panel=panel, woman=True)
    SpeakerFactory(panel=panel, man=True)
    page = client.get(reverse("events:event_detail", args=[panel.session.event.pk])).content.decode()
    assert "data-flag" not in page
    assert "50% women" in page


def test_a_panel_below_the_threshold_is_warned_about(client, settings):
    settings.METROHUB_PANEL_MIN_WOMEN_SHARE = 0.5
    panel = PanelFactory()
    SpeakerFactory(panel=panel, woman=True)
    SpeakerFactory(panel=panel, man=True)
    SpeakerFactory(panel=panel, man=True)
    page = client.get(reverse("events:event_detail", args=[panel.session.event.pk])).content.decode()
    assert 'data-flag="below-threshold"' in page
    assert "threshold of 50%" in page


def test_panels_without_a_woman_are_counted_and_the_count_follows_the_records():
    # given one panel of men and one balanced panel in the same year
    men_only = PanelFactory()
    SpeakerFactory(panel=men_only, man=True)
    balanced = PanelFactory(session__event=men_only.session.event)
    SpeakerFactory(panel=balanced, woman=True)
    SpeakerFactory(panel=balanced, man=True)
    year = men_only.session.event.start.year
    assert metric("events.panels.without_woman", year) == 1
    assert metric("events.speakers.women_share", year) == Decimal("33.3")
    # when a woman joins the men's panel
    SpeakerFactory(panel=men_only, woman=True)
    # then no panel is without a woman any more, and the share rises
    assert metric("events.panels.without_woman", year) == 0
    assert metric("events.speakers.women_share", year) == 50


def test_a_speaker_whose_gender_is_not_stated_is_never_counted_as_a_woman():
    panel = PanelFactory()
    SpeakerFactory(panel=panel, gender="")
    year = panel.session.event.start.year
    assert metric("events.panels.without_woman", year) == 1
    assert metric("events.speakers.women", year) == 0


def test_the_event_list_filters_events_with_a_panel_without_a_woman(client):
    flagged = SpeakerFactory(man=True).panel.session.event
    fine = SpeakerFactory(woman=True).panel.session.event
    page = client.get(reverse("events:event_list") + "?panel=no_woman").content.decode()
    assert flagged.title in page
    assert fine.title not in page


def test_composing_a_panel_updates_the_balance_with_htmx(client):
    # given a programs officer composing an empty panel
    client.force_login(make_user("programs"))
    panel = PanelFactory()
    url = reverse("events:speaker_add", args=[panel.pk])
    # when they add a man through htmx
    response = client.post(url, {"name": "Carlos", "gender": "man"}, headers={"HX-Request": "true"})
    # then only the composition part comes back, with the warning
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-flag="no-woman"' in body
    # when they add a woman, the warning goes
    body = client.post(
        url, {"name": "Amina", "gender": "woman"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "data-flag" not in body
    assert "50% women" in body
    # and removing her brings it back
    amina = Speaker.objects.get(name="Amina")
    body = client.post(
        reverse("events:speaker_remove", args=[amina.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'data-flag="no-woman"' in body


def test_composing_without_javascript_redirects_back_to_the_page(client):
    client.force_login(make_user("policy"))
    panel = PanelFactory()
    response = client.post(reverse("events:speaker_add", args=[panel.pk]), {"name": "Lee", "gender": ""})
    assert response.status_code == 302
    assert panel.speakers.get().gender == ""


def test_a_speaker_twice_on_a_panel_is_refused_with_a_message(client):
    client.force_login(make_user("programs"))
    speaker = SpeakerFactory(name="Amina")
    body = client.post(
        reverse("events:speaker_add", args=[speaker.panel_id]),
        {"name": "amina"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "already on this panel" in body
    assert speaker.panel.speakers.count() == 1


@pytest.mark.parametrize("role", ["communications", "membership", "finance", "hr", "reviewer"])
def test_only_programs_policy_and_admin_compose_panels(client, role):
    client.force_login(make_user(role))
    panel = PanelFactory()
    response = client.post(reverse("events:speaker_add", args=[panel.pk]), {"name": "Intruder"})
    assert response.status_code == 403
    assert not panel.speakers.exists()


def test_an_unpublished_event_is_not_shown_to_the_public(client):
    event = EventFactory(public=False, title="Closed retreat")
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 404
    assert "Closed retreat" not in client.get(reverse("events:event_list")).content.decode()
    client.force_login(make_user("membership"))
    assert client.get(reverse("events:event_detail", args=[event.pk])).status_code == 200
