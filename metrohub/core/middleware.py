from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNullCharactersMiddleware:
    """A NUL character in the address's parameters is refused with a 400 before any view runs.

    Forms already refuse it (Django's CharField); query parameters of pages and of the API
    would otherwise reach PostgreSQL, which cannot store it and fails with a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in key + value for key, value in _pairs(request.GET)):
            return HttpResponseBadRequest(_("The address holds a character that is not allowed (NUL)."))
        return self.get_response(request)


def _pairs(query):
    for key, values in query.lists():
        for value in values:
            yield key, value


CORS_PREFIX = "/api/"
CORS_METHODS = ("GET", "HEAD")
CORS_REQUEST_HEADERS = "Accept, Accept-Language, Content-Language, If-None-Match"


class OpenApiCorsMiddleware:
    """Cross-origin reads of the open API, so a city's web page or a notebook in the browser can
    call it (as Datasette's `--cors` allows).

    Only GET and HEAD under /api/, and never with credentials: `Access-Control-Allow-Origin: *`
    forbids browsers to send cookies, so another site reads what an anonymous caller reads and
    nothing a session would show. A preflight for GET or HEAD is answered here; a preflight for any
    other method, and every page outside /api/ (the staff pages), get no CORS header at all, so the
    browser refuses the call (tested in core/tests/test_cors.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(CORS_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META:
            wanted = request.META["HTTP_ACCESS_CONTROL_REQUEST_METHOD"].upper()
            if wanted not in CORS_METHODS:
                return self.get_response(request)
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = CORS_REQUEST_HEADERS
            response["Access-Control-Max-Age"] = "86400"
            return response
        response = self.get_response(request)
        if request.method in CORS_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "Content-Disposition, Retry-After"
        return response
