"""The explorer's cache validators (metrohub.core.http_cache): a page's ETag names the release it
reads, so it changes when a new release is published and never otherwise; a release's files are
immutable, so their ETag is their checksum from the manifest."""

import hashlib
import json

from metrohub.core.http_cache import immutable_file, validated_page
from metrohub.futures.models import Release
from metrohub.futures.views.public_twins import requested_release


def _release_read(request, *args, **kwargs):
    release = requested_release(request)
    return None if release is None else ("release", release.number)


def _releases_listed(request, *args, **kwargs):
    latest = Release.objects.order_by("-number").values_list("number", flat=True).first()
    return None if latest is None else ("releases", latest)


def release_named(request, number: int) -> Release | None:
    """The release a file's address names, asked once per request."""
    if getattr(request, "futures_file_release", None) is None:
        request.futures_file_release = Release.objects.filter(number=number).first()
    return request.futures_file_release


def _file_checksum(request, number: int, name: str) -> str | None:
    release = release_named(request, number)
    if release is None:
        return None
    if name == "manifest.json":
        text = json.dumps(release.manifest, sort_keys=True)
        return f"r{number}-manifest-" + hashlib.sha256(text.encode()).hexdigest()[:32]
    entry = release.manifest.get("files", {}).get(name)
    return entry.get("sha256") if isinstance(entry, dict) else None


explorer_page = validated_page(_release_read)
releases_page = validated_page(_releases_listed)
release_file = immutable_file(_file_checksum)
