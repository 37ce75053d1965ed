"""The network's name comes from the settings (METROHUB_NETWORK_NAME), never from code, templates
or catalogues: metrohub run for another network says that network's name, and "Metropolis"
nowhere.

What counts as data, and may still say "Metropolis": the records loaded from
metrohub/datasets/2024/ (the report's names, such as "International Fund for Metropolises: Local
Care Systems" or "Metropolis Awards", and each record's source, "Metropolis Annual Report 2024 —
…") and the declared figures' source documents. This test loads none of them: its records are made
by the factories, so any "Metropolis" on a page would come from code, a template or a catalogue.
"""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

NETWORK = "Red de Ciudades"
# Not pages: the admin (Django's own), the API (JSON), logging out, switching language.
SKIPPED = ("admin/", "api/", "accounts/logout/", "i18n/")
pytestmark = pytest.mark.django_db


def plain_routes(patterns, prefix=""):
    """Every route without a parameter: the main public and staff pages and their exports."""
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from plain_routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and not route.startswith(("^", *SKIPPED)):
            yield "/" + route


def found(text: str) -> list[str]:
    return [text[max(m.start() - 60, 0) : m.end() + 60] for m in re.finditer(r"Metropolis", text)]


@pytest.fixture
def records(db):
    organisation = OrganisationFactory(name="Ciudad Uno", slug="ciudad-uno")
    MembershipFactory(organisation=organisation)
    return organisation


@override_settings(METROHUB_NETWORK_NAME=NETWORK)
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_the_pages_name_the_network_of_the_settings_and_never_metropolis(client, records, admin_staff, who):
    if who == "admin":
        client.force_login(admin_staff)
    details = [f"/members/{records.slug}/", "/reports/2024/", "/reports/2024/sources/"]
    routes = [*sorted(set(plain_routes(get_resolver().url_patterns))), *details]
    seen, titled = [], 0
    for url in routes:
        response = client.get(url)
        if response.status_code != 200 or getattr(response, "streaming", False):
            continue
        text = response.content.decode("utf-8", errors="replace")
        seen.append((url, found(text)))
        if response["Content-Type"].startswith("text/html") and "<title>" in text and "/embed/" not in url:
            titled += 1
            assert f"· {NETWORK}</title>" in text or f"{NETWORK} ·" in text, url
    assert len(seen) > 20  # the walk reached the site, not only its doors
    assert titled > 10
    assert [(url, hits) for url, hits in seen if hits] == []


@override_settings(METROHUB_NETWORK_NAME=NETWORK)
def test_mail_and_exports_name_the_network_of_the_settings(client, records):
    from metrohub.comms.models import Subscriber
    from metrohub.comms.services import confirmation_send
    from metrohub.mel.iati import document, to_bytes

    subscriber = Subscriber.objects.create(email="ana@example.org", consent_wording="x")
    confirmation_send(subscriber_id=subscriber.pk, base_url="https://example.org")
    (message,) = mail.outbox
    assert NETWORK in message.subject and NETWORK in message.body
    assert not found(message.subject + message.body)
    # the subscription form's consent, recorded word for word
    form = client.get("/comms/newsletter/subscribe/").content.decode()
    assert f"receive the {NETWORK} monthly newsletter" in form
    # the IATI export reports as the network
    xml = to_bytes(document()).decode()
    assert NETWORK in xml and not found(xml)
