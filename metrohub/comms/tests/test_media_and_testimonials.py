"""Publications, media figures and testimonials: the 2024 data from the report, declared beside
computed, and testimonials shown publicly only with consent."""

import pytest
from django.urls import reverse

from metrohub.comms import models
from metrohub.core.metrics import REGISTRY
from metrohub.core.testing import load_dataset_2024
from metrohub.network.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_2024_media_figures_are_on_record_and_agree_with_the_report(data_2024, client):
    page = client.get(reverse("comms:media")).content.decode()
    assert "658,382" in page
    assert "Kathmandu" in page and "10 Minutes With the Mayor" in page
    assert 'data-figure="comms.campaign.views-declared"' in page
    assert REGISTRY["comms.campaign.views"].compute(2024).value == 658382
    assert REGISTRY["comms.campaign.videos"].compute(2024).value == 12
    assert "Source:" in page


def test_campaign_views_follow_the_records(data_2024):
    models.Campaign.objects.create(name="Another", views=1000, start="2024-05-01")
    assert REGISTRY["comms.campaign.views"].compute(2024).value == 659382


def test_the_care_toolkit_shows_its_traffic_as_stated(data_2024, client):
    page = client.get(reverse("comms:publications")).content.decode()
    assert "Care Systems: A Toolkit for Local Policy-makers" in page
    assert "trebled" in page
    assert REGISTRY["comms.toolkit.traffic_ratio"].compute(2024).value == 3


def test_testimonials_show_publicly_only_with_consent(data_2024, client):
    # given the report's quotes, whose consent to re-publish is not recorded
    assert models.Testimonial.objects.count() == 12
    assert "Julia Munroe" not in client.get(reverse("comms:testimonials")).content.decode()
    # when communications records Julia Munroe's consent
    client.force_login(make_user("communications"))
    julia = models.Testimonial.objects.get(person_name="Julia Munroe")
    client.post(
        reverse("comms:testimonial_consent", args=[julia.pk]), {"consent": "given", "how": "email of 3 March"}
    )
    client.logout()
    # then her quote, and only hers, is public (page and API)
    page = client.get(reverse("comms:testimonials")).content.decode()
    assert "Julia Munroe" in page and "Laura Diaz" not in page
    assert [t["person_name"] for t in client.get("/api/v1/comms/testimonials").json()["items"]] == [
        "Julia Munroe"
    ]


def test_consent_needs_to_say_how_it_was_given(client):
    t = models.Testimonial.objects.create(quote="Q", person_name="P")
    client.force_login(make_user("admin"))
    response = client.post(reverse("comms:testimonial_consent", args=[t.pk]), {"consent": "given", "how": ""})
    assert "Say how the person gave their consent." in response.content.decode()
    t.refresh_from_db()
    assert t.consent == "not_recorded"


def test_loading_2024_twice_adds_nothing(data_2024):
    # given the 2024 data: the report's testimonials and campaigns
    counts = models.Testimonial.objects.count(), models.Campaign.objects.count()
    assert all(counts), counts
    # when loaded again, then nothing is added
    assert "nothing added" in load_dataset_2024()
    assert (models.Testimonial.objects.count(), models.Campaign.objects.count()) == counts
