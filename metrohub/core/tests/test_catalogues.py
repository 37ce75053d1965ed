"""The French and Spanish catalogues are complete: nothing missing, untranslated or fuzzy.

The project's catalogue is `locale/`; an app with its own `locale/` directory keeps its messages
there (`makemessages` puts each file's messages in the nearest `locale/` above it).
"""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
LANGUAGES = ["fr", "es"]


def catalogue_paths(language: str, root: Path = ROOT) -> list[Path]:
    candidates = [root / "locale", *sorted((root / "metrohub").glob("*/locale"))]
    return [
        path / language / "LC_MESSAGES" / "django.po"
        for path in candidates
        if (path / language / "LC_MESSAGES" / "django.po").exists()
    ]


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_the_project_catalogues_exist():
    for language in LANGUAGES:
        assert ROOT / "locale" / language / "LC_MESSAGES" / "django.po" in catalogue_paths(language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    for path in catalogue_paths(language):
        po = polib.pofile(str(path))
        assert [e.msgid for e in po.untranslated_entries()] == [], path
        assert [e.msgid for e in po.fuzzy_entries()] == [], path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_source(language):
    for path in catalogue_paths(language):
        po = polib.pofile(str(path))
        with path.with_suffix(".mo").open("rb") as f:
            compiled = gettext.GNUTranslations(f)
        stale = [
            e.msgid
            for e in po.translated_entries()
            if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr
        ]
        assert stale == [], f"{path}: run `make messages` to compile the catalogues"


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
        for fresh_path in catalogue_paths(language, tmp_path):
            committed_path = ROOT / fresh_path.relative_to(tmp_path)
            fresh = {key(e) for e in polib.pofile(str(fresh_path)) if not e.obsolete}
            committed = (
                {key(e) for e in polib.pofile(str(committed_path)) if not e.obsolete}
                if committed_path.exists()
                else set()
            )
            missing = sorted(msgid for _, msgid, _ in fresh - committed)
            assert missing == [], f"{committed_path}: run `make messages` and translate: {missing}"
