from django.http import HttpResponseBadRequest
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
