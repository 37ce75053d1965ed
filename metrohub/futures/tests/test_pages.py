from django.urls import reverse

from metrohub.futures.models import CityIndicator, Observation
from metrohub.futures.releases import release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv


def _upload(client, content: bytes, name="obs.csv", kind="observations"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("futures:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_upload_preview_confirm(client, cities, policy):
    client.force_login(policy)
    # when the file is uploaded, every row is checked and nothing is written yet
    response = _upload(client, tidy_csv(GOOD_ROWS))
    assert response.status_code == 200 and b"5 rows are ready to import" in response.content
    assert not Observation.objects.exists()
    # then the confirmation imports it
    sha = response.context["preview"].sha256
    response = client.post(reverse("futures:import_confirm"), {"sha256": sha})
    assert response.status_code == 302
    assert Observation.objects.count() == 5


def test_the_page_lists_every_bad_row(client, cities, policy):
    client.force_login(policy)
    rows = [
        ("atlantis", "pm25", 2023, 1, "", "", "", "", ""),
        ("dakar-test", "pm25", 2023, "x", "", "", "", "", ""),
    ]
    response = _upload(client, tidy_csv(rows))
    assert response.status_code == 400
    text = response.content.decode()
    assert "2 bad rows. Nothing was imported." in text
    assert "unknown city “atlantis”" in text and "value “x” is not a number" in text
    assert not Observation.objects.exists()


def test_staff_pages_are_for_the_policy_team_and_administrators(client, cities, user_with_role):
    for url in (reverse("futures:manage"), reverse("futures:import")):
        assert client.get(url).status_code == 302  # anonymous: to the login page
        client.force_login(user_with_role("communications"))
        assert client.get(url).status_code == 403
        client.force_login(user_with_role("admin"))
        assert client.get(url).status_code == 200
        client.logout()


def test_publishing_from_the_page(client, cities, policy):
    Observation.objects.create(city=cities[0], indicator=CityIndicator.objects.first(), year=2020, value=1)
    client.force_login(policy)
    response = client.post(reverse("futures:publish"), {"note": "first"})
    assert response.status_code == 302
    assert client.get(reverse("futures:home")).status_code == 200


def test_every_explorer_view_has_twins_and_an_embed(client, cities, policy):
    from metrohub.futures.imports import observations_import

    observations_import(actor=policy, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    release_publish(actor=policy)
    pages = [
        reverse("futures:home"),
        reverse("futures:indicator", args=["pm25"]) + "?year=2023&group=region",
        reverse("futures:city", args=["dakar-test"]),
        reverse("futures:compare") + "?cities=dakar-test&cities=lisbon-test",
        reverse("futures:benchmark") + "?city=dakar-test&group=members",
        reverse("futures:strategies") + "?q=x",
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
        joiner = "&" if "?" in url else "?"
        assert client.get(url + joiner + "format=csv")["Content-Type"].startswith("text/csv"), url
        assert client.get(url + joiner + "format=json").json()["release"] == 1, url
    embed = client.get(reverse("futures:embed_indicator", args=["pm25"]))
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert "X-Frame-Options" in client.get(pages[1])
    ranking = client.get(pages[1] + "&format=json").json()["rows"]
    assert [r["city"] for r in ranking] == ["lisbon-test", "dakar-test", "elsewhere"]  # lower is better
