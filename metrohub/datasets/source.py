"""Where the source document is: `shared/source/` beside the checkout (or METROHUB_SOURCE_DIR)."""

import os
from pathlib import Path

REPORT_2024 = "metropolis-annual-report-2024.txt"


def source_document(name: str = REPORT_2024) -> Path:
    """The first `shared/source/<name>` found beside this checkout or any folder above it."""
    if folder := os.environ.get("METROHUB_SOURCE_DIR"):
        return Path(folder) / name
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "shared" / "source" / name
        if candidate.exists():
            return candidate
    return here.parents[3] / "shared" / "source" / name
