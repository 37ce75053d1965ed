"""The import flow every app uses (upload → check every row → preview → confirm, all or nothing)
and what importers share. See `flow` (the ImportFlow and its hooks), `preview` (what a check
returns, what a column may hold), `held` (uploads waiting for confirmation), `pages` (the two
pages) and `rows` (a row's write that fails names its row; a preview that runs the writes and
rolls them back)."""

from metrohub.core.imports.flow import ImportFlow
from metrohub.core.imports.preview import (
    ALREADY_IN_DATABASE,
    REPEATED_IN_FILE,
    Column,
    Preview,
    RowError,
    choice_lookup,
    choose,
)
from metrohub.core.imports.rows import describe, dry_run, refused_columns, whole_number, write_rows

__all__ = [
    "ALREADY_IN_DATABASE",
    "REPEATED_IN_FILE",
    "Column",
    "ImportFlow",
    "Preview",
    "RowError",
    "choice_lookup",
    "choose",
    "describe",
    "dry_run",
    "refused_columns",
    "whole_number",
    "write_rows",
]
