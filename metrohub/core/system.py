"""The system libraries and programs metrohub uses beyond Python: what is missing, and how to add it.

WeasyPrint (the annual report's PDF) loads Pango and HarfBuzz's subset library through ctypes;
the browser tests drive Debian's Chromium. A machine may lack any of them. Each check answers
with the reason and the command that installs it, so a page can say so and a test can skip with
that message. `METROHUB_SYSTEM_MISSING` (comma-separated: `chromium`, `pango`, `nginx`) makes a
check report its part missing even where it is installed: CI runs the tests once that way to
prove that they skip cleanly on a machine without them.
"""

import functools
import os
import shutil
import warnings

INSTALL = "make system"  # as root: apt-get install the packages of SYSTEM_PACKAGES in the Makefile
CHROMIUM = "/usr/bin/chromium"


def reported_missing(part: str) -> bool:
    names = os.environ.get("METROHUB_SYSTEM_MISSING", "")
    return part in {name.strip() for name in names.split(",") if name.strip()}


def chromium_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if reported_missing("chromium"):
        return f"Chromium reported missing (METROHUB_SYSTEM_MISSING): install it with `{INSTALL}`"
    if os.access(CHROMIUM, os.X_OK) or shutil.which("chromium"):
        return None
    return f"Chromium not found at {CHROMIUM}: install it with `{INSTALL}` (apt-get install chromium)"


def nginx_missing() -> str | None:
    if reported_missing("nginx"):
        return f"nginx reported missing (METROHUB_SYSTEM_MISSING): install it with `{INSTALL}`"
    if shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK):
        return None
    return f"nginx not found: install it with `{INSTALL}` (apt-get install nginx)"


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


@functools.cache
def _weasyprint_import_error() -> str | None:
    try:
        # Where HarfBuzz's subset library is absent WeasyPrint warns on import (a later version
        # will need it); that is a fact about the machine, reported by `weasyprint_missing`, never
        # an error of ours.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import weasyprint  # noqa: F401
    except OSError as exc:  # WeasyPrint raises OSError when it cannot load Pango
        return str(exc)
    return None


def weasyprint_missing() -> str | None:
    """Why a PDF cannot be written here, or None."""
    if reported_missing("pango"):
        return f"Pango reported missing (METROHUB_SYSTEM_MISSING): install it with `{INSTALL}`"
    error = _weasyprint_import_error()
    if error:
        return f"WeasyPrint cannot load Pango ({error}): install it with `{INSTALL}`"
    return None


def weasyprint():
    """The WeasyPrint module, imported without its machine warnings. Call `weasyprint_missing` first."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import weasyprint

    return weasyprint
