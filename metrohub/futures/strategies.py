"""Checking a strategies file (CSV/XLSX: a strategy per row, with its dimensions, SDGs and
targets) into the unsaved objects the write saves, and writing them: all or nothing. Each row's
objects go through the models' full_clean, the validation the write runs on the same objects.
The service (`services.strategies_import`) checks the permission, records the Import and calls
`strategies_write` in its transaction.
"""

import hashlib
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.imports import (
    ALREADY_IN_DATABASE,
    REPEATED_IN_FILE,
    RowError,
    refused_columns,
    whole_number,
)
from metrohub.core.permissions import acting_user
from metrohub.core.tabular import read_table
from metrohub.core.text import normalise_name
from metrohub.futures.matching import SAMPLE_ROWS, Preview, city_keys, indicator_keys
from metrohub.futures.models import Dimension, Import, Strategy, StrategyTarget
from metrohub.futures.reading import STRATEGY_COLUMNS


def _year(text: str) -> int | None:
    year = whole_number(text)
    return year if year is not None and 1900 <= year <= 2100 else None


def _strategy_records(row: dict, *, city, dimensions, indicators, problems: list) -> tuple | None:
    """The Strategy (unsaved) and its targets that this row makes, each through the models'
    full_clean — the validation the write runs on the same objects — or None with `problems`."""
    title, level = row.get("title", ""), row.get("level", "").lower()
    if not title:
        problems.append(("title", _("missing title"), ""))
    if level not in Strategy.Level.values:
        problems.append(("level", _("unknown level “%(level)s”") % {"level": row.get("level", "")}, ""))
    years = {}
    for column in ("year_adopted", "horizon"):
        text = row.get(column, "")
        years[column] = _year(text)
        if text and years[column] is None:
            reason = _("%(column)s must be a year, not “%(value)s”") % {"column": column, "value": text}
            problems.append((column, reason, ""))
    codes = [d.strip().lower() for d in row.get("dimensions", "").split("|") if d.strip()]
    for code in codes:
        if code not in dimensions:
            problems.append(("dimensions", _("unknown dimension “%(dimension)s”") % {"dimension": code}, ""))
    sdgs = [whole_number(g) for g in row.get("sdgs", "").split("|") if g.strip()]
    if any(g is None or not 1 <= g <= 17 for g in sdgs):
        problems.append(("sdgs", _("SDGs must be goal numbers 1–17 separated by |"), ""))
    strategy = Strategy(
        city_id=city, title=title, level=level, sdgs="|".join(map(str, sdgs)), link=row.get("link", ""),
        summary=row.get("summary", ""), **years,
    )  # fmt: skip
    targets = []
    for part in [p.strip() for p in row.get("targets", "").split("|") if p.strip()]:
        pieces = [piece.strip() for piece in part.split(":")]
        indicator = indicators.get(pieces[0].lower()) if len(pieces) == 3 else None
        try:
            value = float(pieces[1]) if indicator else math.nan
        except ValueError:
            value = math.nan
        year = _year(pieces[2]) if indicator else None
        if indicator is None or not math.isfinite(value) or year is None:
            reason = _("target “%(target)s” is not indicator:value:year") % {"target": part}
            problems.append(("targets", reason, ""))
        elif any((t.indicator_id, t.year) == (indicator, year) for t in targets):
            problems.append(("targets", _("target “%(target)s” is given twice") % {"target": part}, ""))
        else:
            targets.append(StrategyTarget(indicator_id=indicator, value=value, year=year))
    for record, exclude in [(strategy, ["city", "imported"]), *((t, ["strategy"]) for t in targets)]:
        try:  # the city and the import are checked above or made by the write
            record.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            column = "targets" if isinstance(record, StrategyTarget) else None
            problems.extend((column or e.column, e.reason, "") for e in refused_columns(0, exc))
    return None if problems else (strategy, [dimensions[c] for c in codes], targets)


def strategies_check(*, file_name: str, content: bytes) -> tuple[Preview, list[tuple]]:
    """Check every row of the file; the preview, and each clean row's unsaved strategy, its
    dimensions and its targets for `strategies_write`."""
    table = read_table(name=file_name, content=content)
    preview = Preview(
        kind=Import.Kind.STRATEGIES,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        format="tidy",
        row_count=len(table.rows),
    )
    missing = [c for c in ("city", "title", "level") if c not in table.headers]
    if missing:
        raise DomainError(
            _("The file has no column %(columns)s. Expected columns: %(expected)s.")
            % {"columns": ", ".join(missing), "expected": ", ".join(STRATEGY_COLUMNS)}
        )
    cities, indicators = city_keys(), indicator_keys()
    dimensions = dict(Dimension.objects.values_list("code", "pk"))
    existing = set(Strategy.objects.values_list("city_id", "title"))
    seen: dict[tuple[int, str], int] = {}
    clean = []
    for number, row in table.rows:
        problems = []
        city = cities.get(row.get("city", "").lower()) or cities.get(normalise_name(row.get("city", "")))
        if city is None:
            problems.append(("city", _("unknown city “%(city)s”") % {"city": row.get("city", "")}, ""))
        title = row.get("title", "")
        if city is not None and title:
            key = (city, title)
            if key in seen:
                reason = _("duplicate of row %(row)d") % {"row": seen[key]}
                problems.append(("title", reason, REPEATED_IN_FILE))
            elif key in existing:
                reason = _("duplicate: this city already has a strategy titled “%(title)s”")
                problems.append(("title", reason % {"title": title}, ALREADY_IN_DATABASE))
            seen.setdefault(key, number)
        records = _strategy_records(
            row, city=city, dimensions=dimensions, indicators=indicators, problems=problems
        )
        if records is None:
            preview.errors.extend(
                RowError(number, reason, column=column, duplicate=duplicate)
                for column, reason, duplicate in problems
            )
        else:
            clean.append(records)
            if len(preview.sample) < SAMPLE_ROWS:
                preview.sample.append({"row": number, "city": row.get("city"), "title": title})
    if not table.rows:
        preview.errors.append(RowError(1, _("the file has no data rows")))
    return preview, clean


def strategies_preview(*, file_name: str, content: bytes) -> Preview:
    """Check every row of a strategies file; writes nothing."""
    return strategies_check(file_name=file_name, content=content)[0]


def strategies_write(*, clean: list[tuple], record: Import, actor, synthetic: bool) -> None:
    """Save the objects `strategies_check` made and checked, as drafts of `record`, in the
    caller's transaction."""
    for strategy, dimension_ids, targets in clean:
        strategy.imported, strategy.synthetic = record, synthetic
        strategy._history_user = acting_user(actor)
        strategy.save()
        strategy.dimensions.set(dimension_ids)
        for target in targets:
            target.strategy = strategy
        StrategyTarget.objects.bulk_create(targets)
