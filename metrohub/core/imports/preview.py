"""What an import's check returns and its page shows: the rows read, ready and refused, every
problem by row and column, duplicates told apart, a sample of the ready rows; and what each column
of a file may hold, so that the page says what is allowed before anyone uploads."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

# Where the other copy of a duplicate row is.
REPEATED_IN_FILE = "file"
ALREADY_IN_DATABASE = "database"


class RowError(tuple):
    """One problem of a refused row. As a tuple it is the pair (row, reason), so `dict(errors)`
    still maps a row to its reason and errors sort by row; `column` names the file's column it
    concerns ("" for the row as a whole) and `duplicate` says, for a duplicate, where the other copy
    is (`REPEATED_IN_FILE` or `ALREADY_IN_DATABASE`)."""

    def __new__(cls, row: int, reason: str, *, column: str = "", duplicate: str = ""):
        error = super().__new__(cls, (row, reason))
        error.column = column
        error.duplicate = duplicate
        return error

    @property
    def row(self) -> int:
        return self[0]

    @property
    def reason(self) -> str:
        return self[1]

    def __repr__(self) -> str:
        return f"RowError({self.row!r}, {self.reason!r}, column={self.column!r})"


def bad_rows(errors: Iterable[tuple]) -> int:
    """How many rows the errors concern (a row can have several problems)."""
    return len({error[0] for error in errors})


@dataclass
class Preview:
    """Every row of a held file checked, nothing written. `rows` holds the checked rows for a
    flow whose write takes them; `sample` (dicts, the row number under "row") is what the page
    shows of the ready rows; `summary` is the flow's own figures (cities, years, …)."""

    kind: str
    file_name: str
    sha256: str
    format: str = ""
    row_count: int = 0  # rows read
    errors: list[RowError] = field(default_factory=list)
    sample: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    rows: list[tuple[int, Any]] = field(default_factory=list)
    token: str = ""  # the held upload's, once held for confirmation

    @property
    def rows_read(self) -> int:
        return self.row_count

    @property
    def refused(self) -> int:
        return bad_rows(self.errors)

    @property
    def ready(self) -> int:
        return max(self.row_count - self.refused, 0)

    @property
    def repeated_in_file(self) -> list[RowError]:
        return [e for e in self.errors if getattr(e, "duplicate", "") == REPEATED_IN_FILE]

    @property
    def already_in_database(self) -> list[RowError]:
        return [e for e in self.errors if getattr(e, "duplicate", "") == ALREADY_IN_DATABASE]

    @property
    def sample_columns(self) -> list[str]:
        return list(self.sample[0]) if self.sample else []


@dataclass
class Column:
    """A column of an import file and what it may hold: `allowed` is a sentence, `choices` the
    values it takes ((code, label) pairs: the code and the label in English, French or Spanish
    are accepted where `labels_accepted`), `default` what an empty cell means."""

    name: str
    allowed: str = ""
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)
    labels_accepted: bool = False
    default: str = ""


# The languages whose labels an import accepts, as well as the stored codes.
LABEL_LANGUAGES = ("en", "fr", "es")


def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def choice_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Every spelling that names a choice → its stored code: the code, and its label as the
    pages show it in English, French and Spanish, case-insensitive."""
    choices = list(choices)
    lookup = {}
    for language in LABEL_LANGUAGES:
        with translation.override(language):
            for code, label in choices:
                lookup.setdefault(_key(label), code)
    for code, _label in choices:
        lookup[_key(code)] = code
    return lookup


def choose(lookup: dict[str, str], text: str) -> str | None:
    """The stored code `text` names in `lookup` (from `choice_lookup`), or None."""
    return lookup.get(_key(text))
