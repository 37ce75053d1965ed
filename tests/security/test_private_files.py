"""Finding 4 without nginx: under gunicorn alone (no METROHUB_ACCEL_REDIRECT, as `make demo` runs)
the download view streams an application's file to whom its rule allows, refuses everyone else,
and the stored name gives nothing away. The deployment itself is tests/security/test_nginx.py."""

import pytest

PDF = b"%PDF-1.4\n% Dakar's budget, private\n%%EOF\n"

MAKE = """
from django.core.files.uploadedfile import SimpleUploadedFile
from metrohub.accounts.models import User
from metrohub.calls import services
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.core.permissions import SYSTEM
from metrohub.network.models import Organisation

owner = User.objects.get(pk=owner_pk)
application = make_application(make_call(), Organisation.objects.get(slug="dakar"))
added = services.attachment_add(
    actor=owner, application=application, upload=SimpleUploadedFile(name, content.encode("latin-1"))
)
for step in ("submit", "check_eligibility", "start_review"):
    application = services.application_transition(actor=SYSTEM, application=application, step=step)
if reviewer_pk:
    services.assignment_create(
        actor=SYSTEM, application=application, reviewer=User.objects.get(pk=reviewer_pk)
    )
result = {"pk": added.pk, "stored": added.file.name}
"""


@pytest.fixture(scope="module")
def dakar_file(site):
    owner = site.user("focal_point", organisation="dakar")
    reviewer = site.user("reviewer")
    made = site.run(
        MAKE, owner_pk=owner.pk, reviewer_pk=reviewer.pk, name="budget.pdf", content=PDF.decode("latin-1")
    )
    return {**made, "owner": owner, "reviewer": reviewer}


@pytest.mark.parametrize("who", ["owner", "programs", "reviewer"])
def test_the_file_is_streamed_to_its_owner_staff_and_the_assigned_reviewer(site, dakar_file, who):
    # given the applying city's focal point, a programmes officer, or the reviewer assigned to it
    user = dakar_file[who] if who in dakar_file else site.user(who)
    browser = site.browser()
    browser.login(user)
    # when they ask for the file
    response = browser.get(f"/calls/files/{dakar_file['pk']}/")
    # then gunicorn sends it, as a download under its own name that is never sniffed
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["Content-Disposition"] == 'attachment; filename="budget.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Accel-Redirect" not in response.headers


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("other_city", "your own organisation"),
        ("unassigned_reviewer", "assigned to you"),
        ("anonymous", None),
    ],
)
def test_the_file_is_refused_to_anyone_else(site, dakar_file, who, reason):
    # given Abidjan's focal point, a reviewer not assigned, or a visitor not logged in
    browser = site.browser()
    if who == "other_city":
        browser.login(site.user("focal_point", organisation="abidjan"))
    elif who == "unassigned_reviewer":
        browser.login(site.user("reviewer"))
    # when they ask for Dakar's file
    response = browser.get(f"/calls/files/{dakar_file['pk']}/")
    # then they are told why not (or sent to log in) and get none of it
    assert PDF not in response.content
    if reason:
        assert response.status_code == 403 and reason in response.text
    else:
        assert response.status_code == 302 and "/accounts/login/" in response.headers["Location"]


def test_the_stored_name_cannot_be_guessed_nor_fetched(site, dakar_file):
    # given the file's stored name
    stored = dakar_file["stored"]
    # then it holds nothing of the uploader's name, and no URL of the site serves it
    assert stored.startswith("calls/") and "budget" not in stored and len(stored) >= len("calls/") + 32
    browser = site.browser()
    browser.login(dakar_file["owner"])
    for path in (f"/media/{stored}", f"/protected/{stored}"):
        response = browser.get(path)
        assert response.status_code == 404 and PDF not in response.content
