from django.urls import reverse

from metrohub.futures.models import CityIndicator, Observation, Publication
from metrohub.futures.services import release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv


def _upload(client, content: bytes, name="obs.csv", kind="observations"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("futures:import"), {"kind": kind, "file": SimpleUploadedFile(name, content)})


def test_upload_preview_confirm(client, cities, policy_staff):
    client.force_login(policy_staff)
    # when the file is uploaded, every row is checked and nothing is written yet
    response = _upload(client, tidy_csv(GOOD_ROWS))
    assert response.status_code == 200 and b"5 rows are ready to import" in response.content
    assert not Observation.objects.exists()
    # then the confirmation imports it
    sha = response.context["preview"].sha256
    response = client.post(reverse("futures:import_confirm"), {"sha256": sha})
    assert response.status_code == 302
    assert Observation.objects.count() == 5


def test_the_page_lists_every_bad_row(client, cities, policy_staff):
    client.force_login(policy_staff)
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


def test_publishing_asks_first_then_follows_the_task(
    client, cities, policy_staff, django_capture_on_commit_callbacks
):
    Observation.objects.create(city=cities[0], indicator=CityIndicator.objects.first(), year=2020, value=1)
    client.force_login(policy_staff)
    # the manage page links to a confirmation, which says what will be published
    assert reverse("futures:publish") in client.get(reverse("futures:manage")).content.decode()
    confirm = client.get(reverse("futures:publish")).content.decode()
    assert "Publish release 1?" in confirm
    assert "1 observations for 3 cities, and 0 strategies" in confirm
    # a POST without the confirmation's `confirmed=1` only shows the confirmation again
    assert "Publish release 1?" in client.post(reverse("futures:publish"), {"number": 1}).content.decode()
    assert "never changed or deleted" in confirm
    assert not Publication.objects.exists()
    # confirming queues the publication (the task runs at once in tests) and shows its page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("futures:publish"), {"note": "first", "number": 1, "confirmed": "1"})
    job = Publication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("futures:publication", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Release 1 is published." in page and 'hx-trigger="every 3s"' not in page
    assert client.get(reverse("futures:home")).status_code == 200


def test_a_second_publication_is_refused_while_one_waits_for_the_worker(client, cities, policy_staff):
    Observation.objects.create(city=cities[0], indicator=CityIndicator.objects.first(), year=2020, value=1)
    client.force_login(policy_staff)
    # given a publication queued, with no worker (on_commit callbacks are not run here)
    first = client.post(reverse("futures:publish"), {"number": 1, "confirmed": "1"})
    job = Publication.objects.get()
    assert first.status_code == 302 and job.state == "queued"
    # its page says it waits for the worker, and polls while it waits
    page = client.get(first["Location"]).content.decode()
    assert "waits for the task worker (manage.py db_worker)" in page
    assert 'hx-trigger="every 3s"' in page
    # htmx asks for the status part only
    part = client.get(first["Location"], headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="publication-status"') and "<html" not in part
    # when another confirmation arrives, it is told one is under way; nothing new is queued
    second = client.post(reverse("futures:publish"), {"number": 1, "confirmed": "1"})
    assert second.status_code == 409
    assert "A publication is already under way (release 1" in second.content.decode()
    assert Publication.objects.count() == 1


def test_a_publication_without_its_confirmed_number_is_refused(client, cities, policy_staff):
    Observation.objects.create(city=cities[0], indicator=CityIndicator.objects.first(), year=2020, value=1)
    client.force_login(policy_staff)
    assert client.post(reverse("futures:publish"), {"note": "x", "confirmed": "1"}).status_code == 400
    assert not Publication.objects.exists()


def test_every_explorer_view_has_twins_and_an_embed(client, cities, policy_staff):
    from metrohub.futures.services import observations_import

    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    release_publish(actor=policy_staff)
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


def test_the_ranking_names_the_method_of_an_observation_not_a_payment(client, cities, policy_staff):
    from metrohub.futures.services import observations_import

    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    release_publish(actor=policy_staff)
    url = reverse("futures:indicator", args=["pm25"]) + "?year=2023"
    for language, method, estimated in [("fr", "Méthode", "Estimé"), ("es", "Método", "Estimado")]:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        page = client.get(url).content.decode()
        assert f'<th scope="col">{method}</th>' in page, language
        assert f"<td>{estimated}</td>" in page, language
        assert "Mode de paiement" not in page and "Forma de pago" not in page
    # the CSV keeps the stored codes
    assert "estimated" in b"".join(client.get(url + "&format=csv").streaming_content).decode()
