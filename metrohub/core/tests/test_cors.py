"""The open API answers cross-origin reads, over real HTTP as a browser on another site sends them:
GET, HEAD and their preflight get `Access-Control-Allow-Origin: *` without credentials; any other
method, and the staff pages, get no CORS header, so the browser refuses the call."""

import urllib.error
import urllib.request

import pytest

ORIGIN = "https://city.example.org"


def _call(url: str, method: str = "GET", **headers) -> tuple[int, dict]:
    request = urllib.request.Request(url, method=method, headers={"Origin": ORIGIN, **headers})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def api(live_server, django_db_serialized_rollback):
    return live_server.url + "/api/v1"


def test_a_page_on_another_site_reads_the_api(api):
    # when a browser on another site asks for a list of the open API
    status, headers = _call(api + "/organisations")
    # then it may read the answer, and no cookie is allowed along
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers
    # HEAD too, and an error is readable as well (a notebook sees why)
    assert _call(api + "/organisations", "HEAD")[1]["access-control-allow-origin"] == "*"
    status, headers = _call(api + "/futures/indicators/nowhere")
    assert status == 404 and headers["access-control-allow-origin"] == "*"


def test_the_preflight_of_a_read_is_answered(api):
    status, headers = _call(
        api + "/organisations",
        "OPTIONS",
        **{"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "accept"},
    )
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert set(headers["access-control-allow-methods"].replace(" ", "").split(",")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert "accept" in headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in headers


def test_no_cross_origin_write_and_no_cors_on_staff_pages(api, live_server):
    # given a preflight for a write: no permission, so the browser never sends the write
    status, headers = _call(api + "/organisations", "OPTIONS", **{"Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in headers
    # a write sent anyway (no preflight: a form post) carries no CORS header either
    status, headers = _call(api + "/organisations", "POST")
    assert status >= 400 and "access-control-allow-origin" not in headers
    # the staff pages (outside /api/) never say another site may read them
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(live_server.url + "/registry/", headers={"Origin": ORIGIN})
    with pytest.raises(urllib.error.HTTPError, match="302") as redirect:
        opener.open(request, timeout=10)
    assert "access-control-allow-origin" not in {k.lower() for k in redirect.value.headers}
    assert "access-control-allow-origin" not in _call(live_server.url + "/futures/")[1]
