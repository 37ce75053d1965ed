"""The French and Spanish catalogues are complete: nothing missing, untranslated or fuzzy, and
no English string translated two ways.

The project's catalogue is `locale/`; an app with its own `locale/` directory keeps its messages
there (`makemessages` puts each file's messages in the nearest `locale/` above it). At run time
Django merges them all into one catalogue per language, so a msgid (with its msgctxt) translated
one way in an app and another way in another shows one of the two everywhere, whichever wins:
a word with two meanings takes a context (pgettext, {% translate "x" context "y" %}).
"""

import gettext
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.core.management import get_commands
from django.utils import translation

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


def translated_two_ways(paths: list[Path]) -> dict[tuple[str, str, str], dict[str, list[str]]]:
    """The strings that two catalogues translate differently: {key: {translation: [catalogues]}}."""
    seen: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            text = entry.msgstr if not entry.msgid_plural else repr(sorted(entry.msgstr_plural.items()))
            seen[key(entry)][text].append(path.parents[2].parent.name)
    return {k: dict(versions) for k, versions in seen.items() if len(versions) > 1}


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_string_is_translated_two_ways_in_two_catalogues(language):
    conflicts = translated_two_ways(catalogue_paths(language))
    assert conflicts == {}, "give the code a context (pgettext) or one translation: " + "; ".join(
        f"{msgid!r} (context {context!r}): {versions}" for (context, msgid, _), versions in conflicts.items()
    )


def test_the_check_catches_a_string_translated_two_ways(tmp_path):
    def catalogue(app: str, entries: str) -> Path:
        path = tmp_path / app / "locale" / "fr" / "LC_MESSAGES" / "django.po"
        path.parent.mkdir(parents=True)
        path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries)
        return path

    finance = catalogue("finance", 'msgid "Method"\nmsgstr "Mode de paiement"\n')
    futures = catalogue("futures", 'msgid "Method"\nmsgstr "Méthode"\n')
    assert translated_two_ways([finance, futures]) == {
        ("", "Method", ""): {"Mode de paiement": ["finance"], "Méthode": ["futures"]}
    }
    # each meaning with its own context: no conflict
    futures.write_text(
        futures.read_text(encoding="utf-8").replace(
            'msgid "Method"', 'msgctxt "observation"\nmsgid "Method"'
        ),
        encoding="utf-8",
    )
    assert translated_two_ways([finance, futures]) == {}


def test_a_word_with_two_meanings_reads_right_in_each_place():
    from metrohub.finance.models import Payment
    from metrohub.futures.models import Observation

    expected = {
        "fr": ("Méthode", "méthode", "Mode de paiement", "mode de paiement"),
        "es": ("Método", "método", "Forma de pago", "forma de pago"),
    }
    # (through variables: this file's strings are not for the catalogues)
    observation, payment, method = "observation", "payment", "Method"
    for language, words in expected.items():
        with translation.override(language):
            assert (
                translation.pgettext(observation, method),
                str(Observation._meta.get_field("method").verbose_name),
                translation.pgettext(payment, method),
                str(Payment._meta.get_field("method").verbose_name),
            ) == words


def test_makemessages_reads_the_lazy_alias():
    # `from django.utils.translation import gettext_lazy as _l`: xgettext only knows `_l` through
    # metrohub's own makemessages; Django's would leave those strings out of the catalogues.
    assert get_commands()["makemessages"] == "metrohub.core"


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
            if not e.msgid_plural
            and (compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid))
            != e.msgstr
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
