"""Uploads held between an import's preview and its confirmation, in Django's storage (so in
one place for every web node: a folder, or S3 when the storage alias says so).

An upload is stored as `held-uploads/<token>.upload` beside `held-uploads/<token>.json` (who
uploaded it, for which import, its SHA-256, when it was held and until when). The token is random
(192 bits); a confirmation must bring the token and the checksum the preview showed, come from the
same user, and the bytes must still have that checksum. A confirmation that brings only the
checksum (a form from before tokens) finds the owner's latest upload with it through
`held-uploads/<flow>.<owner>.<sha256>.pointer`, which holds the token. `delete_held` removes what abandoned
wizards left behind (`manage.py delete_held_uploads`).
"""

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError

FOLDER = "held-uploads"
# How long an upload waits for its confirmation.
HOLD_HOURS = 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class NothingHeld(DomainError):
    """No upload is held under this token for this user (never, expired, confirmed, another's)."""


def held_storage():
    """The storage alias `METROHUB_HELD_UPLOADS_STORAGE` (setting), else the default storage."""
    return storages[getattr(settings, "METROHUB_HELD_UPLOADS_STORAGE", "default")]


@dataclass
class HeldUpload:
    token: str
    sha256: str
    owner_id: int
    flow: str
    kind: str
    file_name: str
    created: dt.datetime
    expires: dt.datetime
    _content: bytes | None = field(default=None, repr=False)

    def read(self) -> bytes:
        """The bytes held (read once from the storage)."""
        if self._content is None:
            with held_storage().open(_data_name(self.token), "rb") as stored:
                self._content = stored.read()
        return self._content

    def _meta(self) -> dict:
        return {
            "sha256": self.sha256,
            "owner": self.owner_id,
            "flow": self.flow,
            "kind": self.kind,
            "file_name": self.file_name,
            "created": self.created.isoformat(),
            "expires": self.expires.isoformat(),
        }


def _data_name(token: str) -> str:
    return f"{FOLDER}/{token}.upload"


def _meta_name(token: str) -> str:
    return f"{FOLDER}/{token}.json"


def _pointer_name(*, flow: str, owner_id: int, sha256: str) -> str:
    return f"{FOLDER}/{flow}.{int(owner_id)}.{sha256}.pointer"


def _read_text(name: str) -> str | None:
    try:
        with held_storage().open(name, "rb") as stored:
            return stored.read().decode()
    except (OSError, UnicodeDecodeError):
        return None


def hold(
    *, flow: str, kind: str, owner, file_name: str, content: bytes, hours: int = HOLD_HOURS
) -> HeldUpload:
    """Keep `content` until its owner confirms it (or `hours` pass)."""
    now = timezone.now()
    held = HeldUpload(
        token=secrets.token_urlsafe(24),
        sha256=hashlib.sha256(content).hexdigest(),
        owner_id=owner.pk,
        flow=flow,
        kind=kind,
        file_name=file_name,
        created=now,
        expires=now + dt.timedelta(hours=hours),
        _content=content,
    )
    storage = held_storage()
    # Names are random and new: a storage that would rename on a clash has nothing to rename.
    storage.save(_data_name(held.token), ContentFile(content))
    storage.save(_meta_name(held.token), ContentFile(json.dumps(held._meta()).encode()))
    pointer = _pointer_name(flow=flow, owner_id=owner.pk, sha256=held.sha256)
    if storage.exists(pointer):
        storage.delete(pointer)
    storage.save(pointer, ContentFile(held.token.encode()))
    return held


def _load(token: str) -> HeldUpload | None:
    try:
        meta = json.loads(_read_text(_meta_name(token)) or "")
    except ValueError:
        return None
    return HeldUpload(
        token=token,
        sha256=meta["sha256"],
        owner_id=meta["owner"],
        flow=meta["flow"],
        kind=meta["kind"],
        file_name=meta["file_name"],
        created=dt.datetime.fromisoformat(meta["created"]),
        expires=dt.datetime.fromisoformat(meta["expires"]),
    )


def held_upload(*, token: str, sha256: str, owner, flow: str) -> HeldUpload:
    """The upload held under `token` for `owner` and this import, whose bytes still have the
    checksum the preview showed; otherwise NothingHeld."""
    nothing = NothingHeld(_("Nothing to import: upload the file again."))
    if not _SHA256.match(sha256 or ""):
        raise nothing
    if not token and getattr(owner, "pk", None) is not None:
        token = _read_text(_pointer_name(flow=flow, owner_id=owner.pk, sha256=sha256)) or ""
    if not _TOKEN.match(token or ""):
        raise nothing
    held = _load(token)
    if (
        held is None
        or held.owner_id != owner.pk
        or held.flow != flow
        or held.sha256 != sha256
        or held.expires <= timezone.now()
    ):
        raise nothing
    try:
        content = held.read()
    except OSError:
        raise nothing from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise nothing
    return held


def release(held: HeldUpload) -> None:
    """Forget a held upload (confirmed, refused or abandoned)."""
    _delete(held.token, held)


def _delete(token: str, held: HeldUpload | None = None) -> None:
    storage = held_storage()
    names = [_data_name(token), _meta_name(token)]
    if held is not None:
        pointer = _pointer_name(flow=held.flow, owner_id=held.owner_id, sha256=held.sha256)
        if _read_text(pointer) == token:  # not a newer upload's of the same file
            names.append(pointer)
    for name in names:
        if storage.exists(name):
            storage.delete(name)


def delete_held(*, older_than: dt.timedelta | None = None, now: dt.datetime | None = None) -> int:
    """Delete every held upload past its expiry or held longer than `older_than`, and any stored
    piece left without its other half for that long; returns how many uploads were deleted."""
    storage = held_storage()
    now = now or timezone.now()
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    tokens = {name.rsplit(".", 1)[0] for name in names if name.endswith((".upload", ".json"))}
    limit = older_than if older_than is not None else dt.timedelta(hours=HOLD_HOURS)
    deleted = 0
    for token in sorted(tokens):
        held = _load(token)
        if held is not None:
            stale = held.expires <= now or held.created <= now - limit
        else:  # half written or half deleted: judged by the age of what is there
            pieces = [n for n in (_data_name(token), _meta_name(token)) if storage.exists(n)]
            stale = bool(pieces) and now - min(storage.get_modified_time(n) for n in pieces) >= limit
        if stale:
            _delete(token, held)
            deleted += 1
    for name in names:  # pointers to uploads no longer held
        if name.endswith(".pointer"):
            token = _read_text(f"{FOLDER}/{name}") or ""
            if not (_TOKEN.match(token) and storage.exists(_meta_name(token))):
                storage.delete(f"{FOLDER}/{name}")
    return deleted
