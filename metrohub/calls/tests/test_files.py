"""Attachments: stored under random names, downloaded only by whom the application's rule allows."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrohub.calls import services
from metrohub.calls.models import Attachment
from metrohub.calls.tests.factories import make_application
from metrohub.calls.workflow import Status
from metrohub.core.files import is_private_name
from metrohub.core.permissions import SYSTEM
from metrohub.network.tests.factories import make_user

PDF = b"%PDF-1.4\n% plan\n"
rename = importlib.import_module("metrohub.calls.migrations.0003_attachment_private_names")


@pytest.fixture
def attachment(lab_call, city, focal_point):
    """A file the applicant uploaded to its draft, now in review."""
    application = make_application(lab_call, city)
    added = services.attachment_add(
        actor=focal_point, application=application, upload=SimpleUploadedFile("budget 2025.pdf", PDF)
    )
    for step in ("submit", "check_eligibility", "start_review"):
        application = services.application_transition(actor=SYSTEM, application=application, step=step)
    return added


def test_an_attachment_is_stored_under_a_random_name_and_keeps_its_own(attachment):
    assert is_private_name(attachment.file.name, "calls")
    assert "budget" not in attachment.file.name
    assert attachment.name == "budget 2025.pdf"


@pytest.mark.parametrize("role", ["focal_point", "programs", "finance", "reviewer"])
def test_the_applicant_staff_and_the_assigned_reviewer_download_the_file(
    client, attachment, focal_point, role
):
    # given the applicant's focal point, secretariat staff, or the reviewer assigned to it
    user = focal_point if role == "focal_point" else make_user(role)
    if role == "reviewer":
        services.assignment_create(actor=SYSTEM, application=attachment.application, reviewer=user)
    client.force_login(user)
    # when they ask for the file
    response = client.get(reverse("calls:attachment", args=[attachment.pk]))
    # then Django streams it, as a download with the uploader's name
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="budget 2025.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("who", "status", "reason"),
    [
        ("other_city", 403, "your own organisation"),
        ("unassigned_reviewer", 403, "assigned to you"),
        ("anonymous", 302, None),
    ],
)
def test_the_file_is_refused_to_others(client, attachment, other_city, who, status, reason):
    if who == "other_city":
        client.force_login(make_user("focal_point", organisation=other_city))
    elif who == "unassigned_reviewer":
        client.force_login(make_user("reviewer"))
    response = client.get(reverse("calls:attachment", args=[attachment.pk]))
    assert response.status_code == status
    assert PDF not in response.content
    if reason:
        assert reason in response.content.decode()
    else:
        assert "/accounts/login/" in response["Location"]


def test_the_migration_moves_guessable_names_and_the_file_still_downloads(
    client, lab_call, city, focal_point
):
    # given an attachment stored under the old pattern, and one whose file is missing
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    old = default_storage.save(f"calls/{lab_call.pk}/{application.pk}/plan définitif.pdf", ContentFile(PDF))
    kept = Attachment.objects.create(application=application, file=old, name="plan définitif.pdf", size=15)
    lost = Attachment.objects.create(
        application=application, file="calls/1/1/lost.pdf", name="lost.pdf", size=1
    )
    # when the migration runs
    rename.give_private_names(apps, type("Editor", (), {"connection": type("C", (), {"alias": "default"})})())
    # then the file moved to a random name, the old path is empty, and the missing one is untouched
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert is_private_name(kept.file.name, "calls")
    assert not default_storage.exists(old)
    assert lost.file.name == "calls/1/1/lost.pdf"
    # and its owner still downloads it under its own name
    client.force_login(focal_point)
    response = client.get(reverse("calls:attachment", args=[kept.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''plan%20d%C3%A9finitif.pdf"
