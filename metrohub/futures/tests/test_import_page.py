"""Metro Futures' import page through core's flow: what each column may hold, errors by row and
column, and a preview confirmed by its token from another session by its owner only."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from metrohub.futures.models import Observation
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv
from metrohub.network.tests.factories import make_user


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_page_lists_every_column_with_its_allowed_values(client, cities, policy_staff):
    client.force_login(policy_staff)
    page = client.get(reverse("futures:import")).content.decode()
    section = page[page.index('id="import-allowed"') :]
    for column in ("city", "indicator", "year", "value", "unit", "boundary", "method", "source", "note"):
        assert f"<code>{column}</code>" in section
    for column in ("title", "level", "year_adopted", "horizon", "dimensions", "sdgs", "link", "targets"):
        assert f"<code>{column}</code>" in section
    assert "<code>REF_AREA / CITY / CITY_CODE</code>" in section
    for code in ("municipal", "metropolitan", "functional", "measured", "estimated", "modelled", "pm25"):
        assert f"<code>{code}</code>" in section


def test_errors_are_shown_by_row_and_column(client, cities, policy_staff):
    client.force_login(policy_staff)
    rows = [("atlantis", "pm25", 2023, "x", "", "", "", "", "")]
    file = SimpleUploadedFile("bad.csv", tidy_csv(rows))
    page = client.post(reverse("futures:import"), {"kind": "observations", "file": file}).content.decode()
    assert "<td>2</td><td><code>city</code></td><td>unknown city “atlantis”</td>" in page
    assert "<td>2</td><td><code>value</code></td><td>value “x” is not a number</td>" in page
    assert "1 bad row. Nothing was imported." in page


def test_a_preview_is_confirmed_from_another_session_by_its_owner_only(cities, policy_staff):
    # given a preview made in one session
    file = SimpleUploadedFile("obs.csv", tidy_csv(GOOD_ROWS))
    response = logged_in(policy_staff).post(reverse("futures:import"), {"kind": "observations", "file": file})
    preview = response.context["preview"]
    held = {"token": preview.token, "sha256": preview.sha256}
    # when a colleague posts its token, nothing is imported
    colleague = logged_in(make_user("policy", username="colleague"))
    refused = colleague.post(reverse("futures:import_confirm"), held, follow=True)
    assert "Nothing to import: upload the file again." in refused.content.decode()
    assert not Observation.objects.exists()
    # then its owner confirms it from another session
    confirmed = logged_in(policy_staff).post(reverse("futures:import_confirm"), held, follow=True)
    assert "Imported 5 rows from obs.csv as drafts." in confirmed.content.decode()
    assert Observation.objects.count() == 5
