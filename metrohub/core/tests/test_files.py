"""Private files: random stored names, safe download names, nginx's X-Accel-Redirect or a stream."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404
from django.test import RequestFactory

from metrohub.core.files import is_private_name, private_file_response, private_name, safe_filename


@dataclass
class Stored:
    """What a download view hands over: a FieldFile's name and storage (no record needed here)."""

    name: str
    storage: object


def _request():
    request = RequestFactory().get("/files/1/", REMOTE_ADDR="192.0.2.10")
    request.user = AnonymousUser()
    return request


def _streamed(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        # The file only: response.close() would signal the end of a request (and touch the database).
        response.file_to_stream.close()


def test_a_private_name_is_random_under_its_prefix_and_keeps_nothing_of_the_upload():
    # when two names are made for the same app
    first, second = private_name("calls"), private_name("calls")
    # then each is the prefix and 32 random URL-safe characters, and they differ
    assert first != second
    assert is_private_name(first, "calls") and is_private_name(second, "calls")
    assert not is_private_name("calls/3/7/budget.pdf", "calls")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("budget 2025.pdf", "budget 2025.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\awa\\plan.docx", "plan.docx"),
        ('evil"\r\nSet-Cookie: a=b.pdf', 'evil"Set-Cookie: a=b.pdf'),
        ("\x00\x1f", "download"),
        (".htaccess", "htaccess"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_a_download_name_has_no_folder_and_no_control_character(given, expected):
    assert safe_filename(given) == expected


def test_without_nginx_the_file_is_streamed_as_an_attachment(settings):
    # given a stored file and no X-Accel-Redirect setting
    settings.METROHUB_ACCEL_REDIRECT = False
    name = default_storage.save(private_name("calls"), ContentFile(b"%PDF-1.4 plan"))
    # when it is served
    response = private_file_response(_request(), Stored(name, default_storage), filename="plan.pdf")
    # then Django sends the bytes, as a download that is never sniffed
    assert _streamed(response) == b"%PDF-1.4 plan"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert not response.has_header("X-Accel-Redirect")


def test_behind_nginx_the_answer_is_empty_and_points_at_the_internal_location(settings):
    settings.METROHUB_ACCEL_REDIRECT = True
    name = default_storage.save(private_name("calls"), ContentFile(b"%PDF-1.4 plan"))
    response = private_file_response(_request(), Stored(name, default_storage), filename="plan.pdf")
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/protected/{name}"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def test_behind_nginx_a_name_nginx_could_misread_is_streamed_instead(settings):
    # given a file stored before names were random, with a space and an accent in its name
    settings.METROHUB_ACCEL_REDIRECT = True
    name = default_storage.save("calls/3/7/plan définitif.pdf", ContentFile(b"%PDF-1.4 old"))
    response = private_file_response(_request(), Stored(name, default_storage), filename="plan.pdf")
    assert not response.has_header("X-Accel-Redirect")
    assert _streamed(response) == b"%PDF-1.4 old"


def test_behind_nginx_a_file_outside_the_media_folder_is_streamed(settings, tmp_path):
    # given a storage nginx does not read (object storage would be another such)
    settings.METROHUB_ACCEL_REDIRECT = True
    elsewhere = FileSystemStorage(location=tmp_path / "elsewhere")
    name = elsewhere.save(private_name("calls"), ContentFile(b"%PDF-1.4 far"))
    response = private_file_response(_request(), Stored(name, elsewhere), filename="plan.pdf")
    assert not response.has_header("X-Accel-Redirect")
    assert _streamed(response) == b"%PDF-1.4 far"


@pytest.mark.parametrize("accel", [True, False])
def test_a_file_missing_from_the_storage_is_a_404(settings, accel):
    settings.METROHUB_ACCEL_REDIRECT = accel
    with pytest.raises(Http404, match="missing from the storage"):
        private_file_response(_request(), Stored("calls/gone", default_storage), filename="x.pdf")
