"""Domain errors: raised by services, turned into a clear 4xx message by views and the API."""

from collections.abc import Iterable


class DomainError(Exception):
    """A request the rules refuse; the message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The actor may not do this; the message says why."""


class RowErrors(DomainError):
    """An import with bad rows: nothing was written. `rows` holds (row number, reason) pairs (an
    import's RowError, which also names the column), several for a row with several problems."""

    def __init__(self, rows: Iterable[tuple[int, str]]) -> None:
        self.rows = sorted(rows)
        super().__init__(f"{len({row[0] for row in self.rows})} bad row(s); nothing was imported.")
