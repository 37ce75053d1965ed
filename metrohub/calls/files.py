"""What an attachment may be: a type the call allows, by its extension and by its content."""

from pathlib import PurePath

from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError

# The first bytes of each type we accept. Office files (docx, xlsx, odt) are ZIP archives.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}
TEXT_TYPES = {"txt", "csv"}
KNOWN_TYPES = sorted({*SIGNATURES, *TEXT_TYPES})


def extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def _looks_like(kind: str, head: bytes) -> bool:
    if kind in TEXT_TYPES:
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:  # a cut in the middle of a character is fine
            return exc.start >= len(head) - 3
        return True
    return head.startswith(SIGNATURES.get(kind, (b"\x00\x00\x00never",)))


def check_upload(upload, *, allowed: list[str], max_size: int) -> None:
    """Refuse a file of a type the call does not allow (by extension or content) or too large."""
    kind = extension(upload.name)
    allowed_text = ", ".join(allowed) or _("none")
    if kind not in allowed:
        raise DomainError(
            _("“%(name)s” is not a file type this call accepts (allowed: %(allowed)s).")
            % {"name": upload.name, "allowed": allowed_text}
        )
    if upload.size > max_size:
        raise DomainError(
            _("“%(name)s” is %(size).1f MB: the largest file this call accepts is %(max)d MB.")
            % {"name": upload.name, "size": upload.size / 1024 / 1024, "max": max_size // 1024 // 1024}
        )
    if upload.size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if not _looks_like(kind, head):
        raise DomainError(
            _("“%(name)s” does not contain what its name says (%(kind)s): it was refused.")
            % {"name": upload.name, "kind": kind}
        )
