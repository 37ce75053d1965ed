"""Publishing the annual report: an immutable snapshot anyone reads at /reports/<year>/ in English,
French and Spanish, with every link opening a public page or the figures' sources; the secretariat
keeps the live draft at /reports/<year>/draft/; a correction is a new version and the first stays
at its own address. Only the administrators who approve it publish."""

import lxml.html
from django.urls import resolve

from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user
from metrohub.reports.models import Publication

CONFIRMED = {"confirmed": "1"}


def _members_total(page: str) -> str:
    return lxml.html.fromstring(page).xpath("//*[@data-figure='network.members.total']")[0].text_content()


def _links_are_public(page: str) -> list[str]:
    """The published body's links that lead to a page an anonymous visitor may not open."""
    body = lxml.html.fromstring(page).xpath("//div[@lang][.//section]")[0]
    closed = []
    for href in body.xpath(".//a/@href"):
        path = href.split("#")[0].split("?")[0]
        if path.startswith("/") and not getattr(resolve(path).func, "metrohub_public", False):
            closed.append(href)
    return closed


def test_a_published_report_is_frozen_public_and_in_three_languages(client, data_2024):
    # before publication the public finds nothing; the secretariat reads the draft
    assert client.get("/reports/2024/").status_code == 404
    client.force_login(make_user("admin"))
    draft = client.get("/reports/2024/draft/").content.decode()
    assert "Draft" in draft and _members_total(draft) == "160"

    # the administrator publishes, through the confirmation
    response = client.post("/reports/2024/publish/", {"note": ""})
    assert response.status_code == 200 and "Publish the annual report 2024?" in response.content.decode()
    assert not Publication.objects.exists()
    response = client.post("/reports/2024/publish/", {"note": "", **CONFIRMED})
    assert response.status_code == 302 and response["Location"] == "/reports/2024/"
    assert sorted(Publication.objects.values_list("language", flat=True)) == ["en", "es", "fr"]

    # a member admitted afterwards moves the draft, never the published figures
    late = OrganisationFactory(name="Late City")
    MembershipFactory(organisation=late, joined_year=2024)
    assert _members_total(client.get("/reports/2024/draft/").content.decode()) == "161"
    client.logout()
    page = client.get("/reports/2024/").content.decode()
    assert _members_total(page) == "160" and "Version 1, published on" in page
    assert _links_are_public(page) == []
    assert client.get("/reports/").content.decode().count("/reports/2024/") >= 1

    # a French and a Spanish reader get their language
    client.cookies["django_language"] = "fr"
    assert "Rapport annuel 2024" in client.get("/reports/2024/").content.decode()
    client.cookies["django_language"] = "es"
    assert "Informe anual 2024" in client.get("/reports/2024/").content.decode()
    # where a language is missing, English is shown and said to be
    Publication.objects.filter(language="es").delete()
    page = client.get("/reports/2024/").content.decode()
    assert "fallback-note" in page and _members_total(page) == "160"


def test_a_correction_is_a_new_version_and_the_first_keeps_its_address(client, data_2024):
    client.force_login(make_user("admin"))
    client.post("/reports/2024/publish/", {"note": "", **CONFIRMED})
    MembershipFactory(organisation=OrganisationFactory(name="Late City"), joined_year=2024)
    # a correction without saying what it corrects is refused, and nothing is published
    client.post("/reports/2024/publish/", {"note": "", **CONFIRMED})
    assert set(Publication.objects.values_list("version", flat=True)) == {1}
    client.post("/reports/2024/publish/", {"note": "Late City's admission was missing.", **CONFIRMED})
    client.logout()
    latest = client.get("/reports/2024/").content.decode()
    assert _members_total(latest) == "161" and "Late City&#x27;s admission was missing." in latest
    first = client.get("/reports/2024/v1/").content.decode()
    assert _members_total(first) == "160" and "A later version of this report exists." in first


def test_only_the_approving_administrators_publish(client, data_2024):
    client.force_login(make_user("membership"))
    assert client.post("/reports/2024/publish/", {"note": "", **CONFIRMED}).status_code == 403
    assert not Publication.objects.exists()
    client.logout()
    assert client.post("/reports/2024/publish/", CONFIRMED).status_code == 302  # to the login
    assert client.get("/reports/2024/draft/").status_code == 302
    assert not Publication.objects.exists()


def test_a_published_version_has_its_pdf_made_once_from_its_frozen_html(client, data_2024, weasyprint):
    from metrohub.core.permissions import SYSTEM
    from metrohub.reports import services

    services.report_publish(actor=SYSTEM, year=2024, base_url="http://testserver/")
    client.cookies["django_language"] = "fr"
    response = client.get("/reports/2024/pdf/")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    french = Publication.objects.get(language="fr")
    assert french.pdf and not Publication.objects.get(language="en").pdf  # made when asked for, kept
    assert client.get("/reports/2024/v1/pdf/").content == response.content
