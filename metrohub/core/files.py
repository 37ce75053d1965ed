"""Private uploaded files: stored under names nobody can guess, given only to whom a rule allows.

An uploaded file (an application's attachment) is stored as `<app prefix>/<random token>`; the name
the uploader gave is kept in the record, for the download's file name only. Nothing serves the
media folder to the public: a download view checks its rule, then answers with
`private_file_response`. Behind the documented nginx (`METROHUB_ACCEL_REDIRECT=1`) that answer is
an empty one carrying `X-Accel-Redirect: /protected/<stored name>`, and nginx sends the file from
its `internal` location; without nginx (`make demo`, tests) Django streams the file itself.
"""

import logging
import re
import secrets
import unicodedata
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from metrohub.core.net import client_ip

logger = logging.getLogger(__name__)

# The internal location of deploy/nginx.conf, aliased to the media folder.
ACCEL_PREFIX = "/protected/"
# 32 characters of URL-safe base64: 192 random bits.
TOKEN_BYTES = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
# Only names nginx reads back exactly as written go into X-Accel-Redirect; anything else (a file
# stored before names were random and that could not be renamed) is streamed by Django instead.
_ACCEL_SAFE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9._-]+)*$")
_NAME_LIMIT = 150


def private_name(prefix: str) -> str:
    """A new stored name under `prefix`: random, with nothing of the uploader's file name in it."""
    return f"{prefix}/{secrets.token_urlsafe(TOKEN_BYTES)}"


def is_private_name(name: str, prefix: str) -> bool:
    head, _sep, token = name.rpartition("/")
    return head == prefix and bool(_TOKEN.match(token))


def safe_filename(name: str, default: str = "download") -> str:
    """The uploader's file name, fit for a download header: no folders, no control characters."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    base = " ".join(base.split()).lstrip(".")
    if len(base) > _NAME_LIMIT:
        suffix = PurePosixPath(base).suffix[:16]
        base = base[: _NAME_LIMIT - len(suffix)] + suffix
    return base or default


def _accel(storage, name: str) -> bool:
    """nginx can send the file itself: asked to, the file is in the local media folder it reads
    (not in object storage), and its name is one nginx reads back exactly."""
    return (
        getattr(settings, "METROHUB_ACCEL_REDIRECT", False)
        and isinstance(storage, FileSystemStorage)
        and Path(storage.location).resolve() == Path(settings.MEDIA_ROOT).resolve()
        and bool(_ACCEL_SAFE.match(name))
    )


def private_file_response(request, file, *, filename: str) -> HttpResponse:
    """The download of a stored file (a FieldFile), always as an attachment that is never sniffed.
    Each download is logged: which record, to whom, from which address.

    Call it only after the view's rule has allowed the request."""
    name = file.name or ""
    storage = file.storage
    if not name or not storage.exists(name):
        raise Http404(_("The file is missing from the storage."))
    if _accel(storage, name):
        response = HttpResponse(content_type="application/octet-stream")
        response["X-Accel-Redirect"] = ACCEL_PREFIX + quote(name)
    else:
        response = FileResponse(storage.open(name, "rb"), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    record = getattr(file, "instance", None)
    logger.info(
        "private file served: %s %s to user %s from %s",
        record._meta.label_lower if record is not None else "-",
        getattr(record, "pk", "-"),
        getattr(request.user, "pk", None),
        client_ip(request),
    )
    return response


def give_private_names(instances, *, field: str, prefix: str, storage=None) -> int:
    """Move the stored files of `instances` whose names could be guessed to random names under
    `prefix`; a file missing from the storage is left as it is. Returns how many moved.

    Used by the migrations that brought random names, with their historical models."""
    storage = storage or default_storage
    moved = 0
    for instance in instances:
        old = getattr(instance, field).name
        if not old or is_private_name(old, prefix) or not storage.exists(old):
            continue
        with storage.open(old, "rb") as content:
            new = storage.save(private_name(prefix), content)
        manager = type(instance)._default_manager.using(instance._state.db)
        manager.filter(pk=instance.pk).update(**{field: new})
        storage.delete(old)
        moved += 1
    return moved
