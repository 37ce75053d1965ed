"""One import flow for every app: upload → check every row → preview → confirm, all or nothing.

An app describes its import as an `ImportFlow` (what its page says, the columns and what each may
hold, its form) with two hooks: `check(held, actor=…)` checks every row of the held upload and
returns a `Preview`, writing nothing; `write(held, actor=…)` imports it in one transaction through
the app's services, raising RowErrors (and writing nothing) if any row is refused — it checks the
held bytes again, as a record may have been created since the preview. The pages
(`core.imports.pages`) hold the upload in the shared store between the two, keyed by a random
token and its checksum, so the confirmation may reach another web node than the preview.
"""

from typing import Any

from django import forms

from metrohub.core.imports.held import HeldUpload
from metrohub.core.imports.preview import Column, Preview


class ImportFlow:
    # Names the flow's held uploads: one flow's token is no use on another's confirmation.
    name: str = ""
    form_class: type[forms.Form]
    # URL names: the upload page, its confirmation, where a done import goes.
    upload_url: str
    confirm_url: str
    done_url: str
    title: str = ""
    intro: str = ""
    breadcrumb: tuple[str, str] = ("", "")  # (label, URL name) of the page above
    max_bytes: int = 5 * 1024 * 1024
    # Errors listed on the page (a file of millions of bad rows is not listed whole).
    shown_errors: int = 1000
    # False: a file with any bad row has nothing to confirm (all or nothing). A flow that imports
    # only the clean rows says so here, and its write skips the refused ones.
    imports_clean_rows_only: bool = False
    template: str = "core/import.html"

    def columns(self) -> dict[str, list[Column]]:
        """Each kind of file (its label) → its columns and what each may hold."""
        raise NotImplementedError

    def notes(self) -> list[str]:
        """Sentences the page adds under the columns."""
        return []

    def summary_text(self, preview: Preview) -> str:
        """A sentence of the flow's own figures for a clean preview (cities, years, …)."""
        return ""

    def check(self, held: HeldUpload, *, actor) -> Preview:
        raise NotImplementedError

    def write(self, held: HeldUpload, *, actor) -> Any:
        raise NotImplementedError

    def done_message(self, result: Any, held: HeldUpload) -> str:
        raise NotImplementedError

    def may_confirm(self, preview: Preview) -> bool:
        return preview.ready > 0 and (not preview.errors or self.imports_clean_rows_only)
