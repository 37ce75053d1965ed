"""The French and Spanish catalogues are complete: nothing missing, untranslated or fuzzy."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ["fr", "es"]


def catalogue(language: str, root: Path = ROOT) -> polib.POFile:
    return polib.pofile(str(root / "locale" / language / "LC_MESSAGES" / "django.po"))


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_source(language):
    po = catalogue(language)
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = [
        e.msgid
        for e in po.translated_entries()
        if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr
    ]
    assert stale == [], "run `make messages` to compile the catalogues"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_no_text_of_the_code_is_missing_from_the_catalogues(tmp_path):
    # Extract the messages from a copy of the code, and compare with the committed catalogues.
    for name in ("metrohub", "config", "locale"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "-l", "es", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    for language in LANGUAGES:
        fresh = {key(e) for e in catalogue(language, tmp_path) if not e.obsolete}
        committed = {key(e) for e in catalogue(language) if not e.obsolete}
        missing = sorted(msgid for _, msgid, _ in fresh - committed)
        assert missing == [], f"{language}: run `make messages` and translate: {missing}"
