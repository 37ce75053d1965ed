"""What every importer shares: a row's write that fails names its row instead of raising, and a
preview that runs the very writes of the import and rolls them back.

The architecture's promise — "the preview validates exactly as the write does" — is kept by not
having two validations: the preview calls the same write, row by row, each in a savepoint, and
always rolls the whole back. A model's full_clean (lengths, URLs, choices, constraints), a
service's rule, a clash between two rows of the same file: each becomes that row's message.
"""

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.imports.preview import RowError

ASCII_DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: str) -> int | None:
    """The whole number written in `text` (ASCII digits only: `int()` also takes "١٢" and "²" is
    a digit to `str.isdigit` but not to `int`), or None."""
    text = text.strip()
    return int(text) if ASCII_DIGITS.fullmatch(text) else None


def describe(error: Exception) -> str:
    """A row's message from what its write raised."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {message}" if name != "__all__" else message
                for name, messages in error.message_dict.items()
                for message in messages
            )
        return "; ".join(error.messages)
    return _("the database refused this row")


def refused_columns(number: int, error: Exception) -> list[RowError]:
    """A row's errors from what its write raised: one per field a model's validation names (its
    column), else one for the row."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return [
            RowError(number, message)
            if name == "__all__"
            else RowError(number, f"{name}: {message}", column=name)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [RowError(number, describe(error))]


def write_rows(rows: Iterable[tuple[int, object]], write: Callable[[object], object]) -> list[RowError]:
    """Write each (row number, row) with `write`, each in a savepoint; returns the errors of every
    row whose write was refused. Call inside a transaction that is rolled back when anything is
    returned: the import is all or nothing."""
    errors = []
    for number, row in rows:
        try:
            with transaction.atomic():
                write(row)
        except (DomainError, ValidationError, DatabaseError) as exc:
            errors.extend(refused_columns(number, exc))
    return errors


class _RolledBack(Exception):
    pass


def dry_run(write_all: Callable[[], list[RowError]]) -> list[RowError]:
    """Run the import's writes and undo them: the row errors they would give. Nothing stays
    written, nor any task or mail queued on commit."""
    errors: list[RowError] = []
    try:
        with transaction.atomic():
            errors = write_all()
            raise _RolledBack
    except _RolledBack:
        pass
    return errors
