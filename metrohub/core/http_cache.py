"""Cache validators: an ETag computed before the page is, so that a repeated request answers
304 Not Modified without rendering, and a CDN or nginx cache can keep and revalidate the page.

Two kinds of answer use it:

- **immutable files** (a published release's Parquet files and manifest): the ETag is the file's
  checksum, and `Cache-Control: public, max-age=31536000, immutable` lets any cache keep them for a
  year without asking again (`immutable_file`).
- **pages over immutable data** (the Metro Futures explorer): the ETag is a digest of what the page
  is made from — the data's version (the release), the language, the path and query, who asks,
  the visitor's CSRF cookie (the page's forms carry a token that must match it) and the code
  that draws it (`deployment_fingerprint`) — and `Cache-Control: no-cache` makes every cache ask
  again, cheaply, before reusing it (`validated_page`).

A request carrying a pending flash message (the `messages` cookie) gets no validator: the page
shows the message once, and a 304 would hide it.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition

ONE_YEAR = 31_536_000
_CODE_SUFFIXES = {".py", ".html", ".mo", ".txt", ".css", ".js", ".svg"}


@cache
def deployment_fingerprint() -> str:
    """What identifies the code and settings that draw a page, the same on every node running the
    same release of metrohub: `METROHUB_DEPLOY_ID` if the deployment sets it (say, the commit it
    runs), else a digest of metrohub's own code, templates, catalogues and styles (read once per
    process, about 0.1 s), with the network's name."""
    digest = hashlib.sha256()
    digest.update(getattr(settings, "METROHUB_NETWORK_NAME", "").encode())
    configured = getattr(settings, "METROHUB_DEPLOY_ID", "")
    if configured:
        digest.update(configured.encode())
        return digest.hexdigest()[:16]
    base = Path(settings.BASE_DIR)
    for folder in ("metrohub", "config"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and "vendor" not in path.parts and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_etag(request, *parts: object) -> str:
    """A strong validator of a page drawn from `parts` (the data's version) for this request."""
    user = request.user.pk if request.user.is_authenticated else 0
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    seen = [deployment_fingerprint(), get_language(), request.get_full_path(), user, csrf, *parts]
    return hashlib.sha256("\0".join(map(str, seen)).encode()).hexdigest()[:32]


def validated_page(version: Callable[..., Iterable[object] | None]):
    """Give a page an ETag and answer 304 to a request that already holds it.

    `version(request, *args, **kwargs)` returns what the page's data is made of (a release's
    number), or None when there is nothing stable to name (no release yet): then the page is drawn
    as usual, with no validator."""

    def etag(request, *args, **kwargs) -> str | None:
        if request.COOKIES.get("messages"):
            return None
        parts = version(request, *args, **kwargs)
        return None if parts is None else page_etag(request, *parts)

    def decorate(view):
        conditional = condition(etag_func=etag)(view)

        @wraps(view)
        def answer(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.has_header("ETag"):
                if request.user.is_authenticated:
                    patch_cache_control(response, private=True, no_cache=True)
                else:
                    patch_cache_control(response, public=True, no_cache=True)
            return response

        return answer

    return decorate


def immutable_file(checksum: Callable[..., str | None]):
    """For files that never change once published: an ETag from `checksum(request, *args,
    **kwargs)` (None: no such file, the view answers), a year in every cache, and 304 to a request
    that holds it."""

    def etag(request, *args, **kwargs) -> str | None:
        return checksum(request, *args, **kwargs)

    def decorate(view):
        conditional = condition(etag_func=etag)(view)

        @wraps(view)
        def answer(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            if response.status_code in (200, 304) and response.has_header("ETag"):
                patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
            return response

        return answer

    return decorate
