"""Closed doors explain themselves: an anonymous visitor sent to log in from a page that is not
public is told what is behind it, who may see it, and where its public part is, over HTTP."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def login_page_from(client, path: str) -> str:
    response = client.get(path, follow=True)
    assert response.redirect_chain, f"{path} should send an anonymous visitor to log in"
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    return response.content.decode()


def test_the_annual_reports_door_says_what_is_behind_it_and_who_may_see_it(client):
    page = login_page_from(client, "/reports/2024/draft/")
    assert "The page you asked for is not public" in page
    assert "The annual report as it is being prepared" in page
    assert "The annual report&#x27;s working pages are open to the secretariat&#x27;s staff only." in page
    # the published reports are offered
    assert "Open to everyone:" in page and "The published annual reports" in page


@pytest.mark.parametrize(
    ("path", "behind", "who"),
    [
        (
            "/calls/",
            "Calls for applications, with their applications, reviews and decisions.",
            "Calls and their applications are open to the secretariat&#x27;s staff only.",
        ),
        (
            "/fund/",
            "The International Fund&#x27;s records: contributions, grants, tranches and grantee reports.",
            "The funds&#x27; records are open to the secretariat&#x27;s staff only.",
        ),
        (
            "/people/",
            "The secretariat&#x27;s staff records.",
            "Staff records are open to human resources and administrators only.",
        ),
        (
            "/work/",
            "Background work: mail, newsletter sending and publishing",
            "The list of background work is open to the secretariat&#x27;s staff only.",
        ),
    ],
)
def test_each_staff_area_says_what_is_behind_it(client, path, behind, who):
    page = login_page_from(client, path)
    assert behind in page
    assert who in page


def test_a_door_with_a_public_side_links_to_it(client):
    page = login_page_from(client, "/comms/issues/")
    assert "Newsletter issues before they are sent" in page
    assert f'<a href="{reverse("comms:archive")}">The newsletter archive</a>' in page
    page = login_page_from(client, "/registry/")
    assert f'<a href="{reverse("network:member_directory")}">The directory of members</a>' in page
    page = login_page_from(client, reverse("futures:manage"))
    assert f'<a href="{reverse("futures:home")}">Metro Futures</a>' in page


def test_the_login_page_says_nothing_of_a_public_page_another_site_or_no_page(client):
    login = reverse("account_login")
    for target in ("/members/", "https://elsewhere.example/reports/", "/no-such-page/", ""):
        page = client.get(login, {"next": target}).content.decode()
        assert "The page you asked for is not public" not in page, target


def test_a_record_behind_a_door_is_not_confirmed_to_exist(client):
    # an application that does not exist and one that might: the same words
    page = login_page_from(client, reverse("calls:application", args=[999999]))
    assert "There is no such application, or you cannot see it." in page
