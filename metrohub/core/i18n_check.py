"""Find visible text in our templates that is not inside a translation tag.

Text nodes and user-facing attributes (title, placeholder, aria-label, alt) are examined after
removing Django tags, variables, comments, and script/style/code elements.
"""

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Words that read the same in every language we serve, or are names.
UNTRANSLATED_OK = {"metrohub", "CSV", "XLSX", "API", "JSON", "GeoNames", "OpenAPI", "*"}

BLOCK_TRANSLATE = re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S)
TAG = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
HIDDEN_ELEMENT = re.compile(r"<(script|style|code|pre|cite)\b.*?</\1>", re.S | re.I)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
ATTRIBUTE = re.compile(r'\b(title|placeholder|aria-label|alt)="([^"]*)"', re.I)
ELEMENT = re.compile(r"<[^>]+>", re.S)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


@dataclass(frozen=True)
class Finding:
    template: Path
    text: str


def _visible(text: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", text)
    return any(word not in UNTRANSLATED_OK for word in words)


def untranslated_text(template: Path) -> list[Finding]:
    source = template.read_text(encoding="utf-8")
    for pattern in (COMMENT_BLOCK, BLOCK_TRANSLATE, HTML_COMMENT, HIDDEN_ELEMENT):
        source = pattern.sub(" ", source)
    findings = []
    for _, value in ATTRIBUTE.findall(source):
        if _visible(TAG.sub(" ", value)):
            findings.append(Finding(template, value))
    text = ELEMENT.sub("\n", TAG.sub(" ", source))
    for line in text.splitlines():
        line = ENTITY.sub(" ", line).strip()
        if line and _visible(line):
            findings.append(Finding(template, line))
    return findings


def our_templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("*/templates/**/*.html")
        if path.name != "500.html"  # rendered without the template engine's i18n; kept minimal on purpose
    )


def check_templates() -> list[Finding]:
    return [finding for template in our_templates() for finding in untranslated_text(template)]
