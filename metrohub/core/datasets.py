"""Load a year's source data (`metrohub/datasets/<year>/`) through each app's services.

The files are data, kept in `metrohub/datasets/<year>/`; the code that reads them is each app's
own `dataset.py` (`load(year, document, report)`), run in the order of INSTALLED_APPS, all in one
transaction. Core loads its own part first: the declared figures (`declared*.csv`).

Idempotent: a record already present is left as it is, so running the loader again adds
nothing. Every record keeps the report section it comes from (`cite`).
"""

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from metrohub.core.models import DeclaredFigure

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
DOCUMENTS = {2024: "Metropolis Annual Report 2024"}
REPORT_2024 = "metropolis-annual-report-2024.txt"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def read_rows(year: int, name: str) -> list[dict[str, str]]:
    """The rows of `metrohub/datasets/<year>/<name>` (none if there is no such file), trimmed."""
    path = DATASETS / str(year) / name
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def cite(document: str, section: str) -> str:
    """How a record cites the section of the document it comes from."""
    return f"{document} — {section}"


def source_document(name: str = REPORT_2024) -> Path:
    """The first `shared/source/<name>` found beside this checkout or any folder above it
    (or in METROHUB_SOURCE_DIR)."""
    if folder := os.environ.get("METROHUB_SOURCE_DIR"):
        return Path(folder) / name
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "source" / name
        if candidate.exists():
            return candidate
    return here.parents[3] / "shared" / "source" / name


@transaction.atomic
def load_year(year: int) -> LoadReport:
    if year not in DOCUMENTS:
        raise ValueError(f"No dataset for {year}; known: {', '.join(map(str, DOCUMENTS))}.")
    document = DOCUMENTS[year]
    report = LoadReport()
    _load_declared(year, document, report)
    for load in app_loaders():
        load(year, document, report)
    return report


def app_loaders() -> list[Callable[[int, str, LoadReport], None]]:
    """Each installed metrohub app's `dataset.load`, in the order of INSTALLED_APPS."""
    loaders = []
    for config in apps.get_app_configs():
        if config.name.startswith("metrohub.") and module_has_submodule(config.module, "dataset"):
            loaders.append(import_module(f"{config.name}.dataset").load)
    return loaders


def _load_declared(year: int, document: str, report: LoadReport) -> None:
    """declared.csv, and each app's declared-<app>.csv beside it."""
    declared_files = sorted(path.name for path in (DATASETS / str(year)).glob("declared*.csv"))
    for row in (row for name in declared_files for row in read_rows(year, name)):
        _, created = DeclaredFigure.objects.update_or_create(
            key=row["key"],
            period=int(row["period"]),
            document=document,
            defaults={
                "value": Decimal(row["value"]),
                "unit": row["unit"],
                "label": row["label"],
                "section": row["section"],
                "note": row.get("note", ""),
            },
        )
        if created:
            report.count("declared figures")
