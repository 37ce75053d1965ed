"""Finding 4 and finding 3's proxy half, through the deployment file itself: Debian's nginx runs
deploy/nginx.conf (rendered by variables only: ports, certificate, folders) over HTTPS on loopback
in front of gunicorn with the documented environment (METROHUB_TRUSTED_PROXIES=1,
METROHUB_ACCEL_REDIRECT=1).

Before: deploy/nginx.conf served /media/ to anyone, attachments sat at
calls/<call>/<application>/<file name>, and Debian 12's nginx refused the file (`http2 on;`).

Where nginx is missing (or METROHUB_SYSTEM_MISSING names it) these tests skip with the command
that installs it; with METROHUB_REQUIRE_NGINX=1 (CI) they fail instead.
"""

import os

import pytest

from metrohub.core.system import nginx_missing
from tests.security.nginx import Nginx

PDF = b"%PDF-1.4\n% a city's budget, private\n" + os.urandom(2048) + b"\n%%EOF\n"
CLIENT = "127.0.0.2"  # the visitor's own address; nginx reaches gunicorn from 127.0.0.1
SPOOFED = "203.0.113.7"  # what a visitor writes into X-Forwarded-For itself


@pytest.fixture(scope="module")
def nginx(site_factory, tmp_path_factory):
    reason = nginx_missing()
    if reason:
        if os.environ.get("METROHUB_REQUIRE_NGINX") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    app = site_factory("nginx", METROHUB_TRUSTED_PROXIES="1", METROHUB_ACCEL_REDIRECT="1")
    app.run("from tests.security.seed import base\nbase()")
    server = Nginx(site=app, folder=tmp_path_factory.mktemp("nginx"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def uploaded(nginx):
    """Dakar's focal point applies to a call and uploads a PDF through the portal, via nginx."""
    site = nginx.site
    call_pk = site.run(
        "from metrohub.calls.tests.factories import make_call\nresult = make_call(title='Lab 2025').pk"
    )
    owner = site.user("focal_point", organisation="dakar")
    browser = nginx.browser(source=CLIENT)
    browser.login(owner)
    started = browser.submit(f"/calls/{call_pk}/apply/", form_page="/calls/portal/")
    assert started.status_code == 302, started.text[:500]
    edit_page = started.headers["Location"]
    application_pk = int(edit_page.rstrip("/").split("/")[-2])
    added = browser.submit(
        f"/calls/applications/{application_pk}/files/",
        form_page=edit_page,
        files={"file": ("budget 2025.pdf", PDF, "application/pdf")},
    )
    assert added.status_code == 302, added.text[:500]
    stored = site.run(
        "from metrohub.calls.models import Attachment\n"
        "a = Attachment.objects.get(application_id=application_pk)\n"
        "result = {'pk': a.pk, 'name': a.file.name, 'call': a.application.call_id}",
        application_pk=application_pk,
    )
    assert (site.var_dir / "media" / stored["name"]).read_bytes() == PDF
    return {**stored, "owner": owner, "owner_browser": browser, "application": application_pk}


def test_the_owner_and_staff_download_the_attachment_through_nginx(nginx, uploaded):
    # given the focal point who uploaded the file, and a programmes officer, both logged in via nginx
    staff = nginx.browser(source=CLIENT)
    staff.login(nginx.site.user("programs"))
    for browser in (uploaded["owner_browser"], staff):
        # when each asks for the download
        response = browser.get(f"/calls/files/{uploaded['pk']}/")
        # then nginx sends the file (from its internal location) as a download that is never sniffed
        assert response.status_code == 200, response.text[:500]
        assert response.content == PDF
        assert response.headers["Content-Disposition"] == 'attachment; filename="budget 2025.pdf"'
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Type"] == "application/octet-stream"
        assert "X-Accel-Redirect" not in response.headers  # consumed by nginx, never shown
    # and the body came from nginx: gunicorn itself, asked behind nginx's back, answers with none
    direct = _behind_nginxs_back(nginx, uploaded["owner_browser"], f"/calls/files/{uploaded['pk']}/")
    assert direct.status_code == 200 and direct.content == b""
    assert direct.headers["X-Accel-Redirect"] == "/protected/" + uploaded["name"]


def _behind_nginxs_back(nginx, browser, path):
    import requests

    cookies = {cookie.name: cookie.value for cookie in browser.cookies}
    return requests.get(
        nginx.site.url + path,
        cookies=cookies,
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
        timeout=30,
    )


def test_another_citys_focal_point_and_anonymous_visitors_are_refused(nginx, uploaded):
    # given Abidjan's focal point, logged in, and a visitor who is not
    other = nginx.browser(source=CLIENT)
    other.login(nginx.site.user("focal_point", organisation="abidjan"))
    anonymous = nginx.browser(source=CLIENT)
    # when each asks for Dakar's file
    refused = other.get(f"/calls/files/{uploaded['pk']}/")
    sent_to_login = anonymous.get(f"/calls/files/{uploaded['pk']}/")
    # then the first is told why not, the second is sent to log in, and neither gets the file
    assert refused.status_code == 403
    assert "your own organisation" in refused.text
    assert sent_to_login.status_code == 302 and "/accounts/login/" in sent_to_login.headers["Location"]
    assert PDF not in refused.content + sent_to_login.content


def test_the_stored_name_is_random_and_no_path_reaches_the_file(nginx, uploaded):
    # given the file's stored name, and a file left at the old pattern's place on disk
    name = uploaded["name"]
    old = f"calls/{uploaded['call']}/{uploaded['application']}/budget 2025.pdf"
    legacy = nginx.site.var_dir / "media" / old
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(PDF)
    outsider = nginx.browser(source=CLIENT)
    owner = uploaded["owner_browser"]
    # when anyone (even the owner) asks nginx for the stored or the old path, public or internal
    for path in (name, old.replace(" ", "%20")):
        for prefix in ("/media/", "/protected/"):
            for browser in (outsider, owner):
                response = browser.get(prefix + path)
                # then nginx has no location that serves it
                assert response.status_code == 404, (prefix + path, response.status_code)
                assert PDF not in response.content
    # and the stored name holds nothing of the uploader's: 32 random characters
    assert name.startswith("calls/") and "budget" not in name and len(name.split("/")[-1]) >= 32


def test_plain_http_is_sent_to_https(nginx):
    import requests

    response = requests.get(f"http://127.0.0.1:{nginx.http_port}/calls/", allow_redirects=False, timeout=10)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_the_app_sees_the_real_client_not_nginx_nor_a_spoofed_header(nginx, uploaded):
    # given a visitor at 127.0.0.2 who writes its own X-Forwarded-For
    spoofer = nginx.browser(source=CLIENT, forwarded_for=SPOOFED)
    for cookie in uploaded["owner_browser"].cookies:
        spoofer.cookies.set_cookie(cookie)
    # when it downloads (the download is logged with the client's address)
    assert spoofer.get(f"/calls/files/{uploaded['pk']}/").status_code == 200
    # then the log names the visitor's address, not nginx's, not the one it wrote
    lines = [line for line in nginx.site.log().splitlines() if "private file served" in line]
    assert lines, nginx.site.log()[-3000:]
    assert lines[-1].endswith(f"from {CLIENT}"), lines[-1]


def test_a_failed_login_is_recorded_with_the_real_client_address(nginx):
    """Waits on the `auth` branch: axes reads the address through metrohub.core.net.client_ip."""
    # given a visitor at 127.0.0.2 who writes its own X-Forwarded-For
    user = nginx.site.user("finance")
    spoofer = nginx.browser(source=CLIENT, forwarded_for=SPOOFED)
    # when it tries a wrong password
    spoofer.login(user, password="wrong-password", expect=False)
    # then axes recorded the attempt from the visitor's own address
    addresses = nginx.site.run(
        "from axes.models import AccessAttempt\n"
        "result = sorted(set(AccessAttempt.objects.values_list('ip_address', flat=True)))"
    )
    assert addresses == [CLIENT]


def test_release_files_and_explorer_pages_revalidate_through_nginx(nginx):
    """Issue 17: what a CDN or nginx cache needs. A release's file is immutable for a year with its
    checksum as ETag; an explorer page has an ETag naming its release; both answer 304 to a
    conditional request, through the deployment's nginx."""
    from tests.security.test_publish import DRAFTS

    nginx.site.run(DRAFTS)
    manifest = nginx.site.run(
        "from metrohub.futures.models import Release\nresult = Release.objects.get(number=1).manifest"
    )
    name, entry = next(iter(manifest["files"].items()))
    visitor = nginx.browser(source=CLIENT)
    # a release file: cached for a year, its ETag the manifest's checksum, then 304
    file = visitor.get(f"/futures/releases/1/{name}")
    assert file.status_code == 200, file.text[:300]
    assert file.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert file.headers["ETag"] == f'"{entry["sha256"]}"'
    again = visitor.get(f"/futures/releases/1/{name}", headers={"If-None-Match": file.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    # an explorer page: the first visit sets the CSRF cookie; from then on, 304 while release 1 is
    # the latest
    visitor.get("/futures/")
    page = visitor.get("/futures/indicators/pm25/?year=2020")
    assert page.status_code == 200 and "no-cache" in page.headers["Cache-Control"]
    revalidated = visitor.get(
        "/futures/indicators/pm25/?year=2020", headers={"If-None-Match": page.headers["ETag"]}
    )
    assert revalidated.status_code == 304 and revalidated.content == b""
