"""The 2024 results framework, from `metrohub/datasets/2024/mel-*.csv` (see README-mel.md).

Idempotent: every record is matched by its code (or, for targets and results, by indicator,
year and dimension; for learning entries, by title and year), so running again adds nothing.
"""

from decimal import Decimal

from metrohub.core.datasets import cite, read_rows
from metrohub.core.models import ActionLine
from metrohub.core.permissions import SYSTEM
from metrohub.mel import services
from metrohub.mel.models import Indicator, LearningEntry, Origin, Result, Target


def load(year: int, document: str, report) -> None:
    # The action lines are core's (seeded by its migration, named there): looked up by code only.
    lines = {line.code: line for line in ActionLine.objects.all()}
    outcomes = {}
    for row in read_rows(year, "mel-framework.csv"):
        source = cite(document, row["section"])
        code = row["action_line"]
        if code not in lines:
            raise ValueError(f"mel-framework.csv: unknown action line {code!r} (core defines AL1–AL5)")
        if row["outcome"] not in outcomes:
            outcomes[row["outcome"]] = services.outcome_ensure(
                actor=SYSTEM,
                action_line=lines[code],
                code=row["outcome"],
                title=row["outcome_title"],
                origin=Origin.METROHUB,
                source="",
            )
        if Indicator.objects.filter(code=row["indicator"]).exists():
            continue
        services.indicator_ensure(
            actor=SYSTEM,
            outcome=outcomes[row["outcome"]],
            code=row["indicator"],
            title=row["title"],
            kind=row["kind"],
            metric_key=row["metric"],
            unit=row["unit"],
            direction=row["direction"],
            baseline_value=Decimal(row["baseline"]) if row["baseline"] else None,
            baseline_period=int(row["baseline_year"]) if row["baseline_year"] else None,
            origin=row["origin"],
            description=row["note"],
            source=source,
        )
        report.count("indicators")

    for row in read_rows(year, "mel-targets.csv"):
        indicator = Indicator.objects.get(code=row["indicator"])
        key = {
            "period": int(row["period"]),
            "dimension": row["dimension"],
            "dimension_value": row["dimension_value"],
        }
        if Target.objects.filter(indicator=indicator, **key).exists():
            continue
        services.target_set(
            actor=SYSTEM,
            indicator=indicator,
            value=Decimal(row["value"]),
            source=cite(document, row["section"]),
            **key,
        )
        report.count("targets")

    for row in read_rows(year, "mel-results.csv"):
        indicator = Indicator.objects.get(code=row["indicator"])
        if Result.objects.filter(indicator=indicator, period=int(row["period"])).exists():
            continue
        services.result_record(
            actor=SYSTEM,
            indicator=indicator,
            period=int(row["period"]),
            value=Decimal(row["value"]) if row["value"] else None,
            narrative=row["narrative"],
            evidence=row["evidence"],
            source=cite(document, row["section"]),
        )
        report.count("results")

    for row in read_rows(year, "mel-learning.csv"):
        if LearningEntry.objects.filter(title=row["title"], period=int(row["period"])).exists():
            continue
        services.learning_entry_add(
            actor=SYSTEM,
            kind=row["kind"],
            title=row["title"],
            text=row["text"],
            period=int(row["period"]),
            indicators=Indicator.objects.filter(code__in=[c for c in row["indicators"].split("|") if c]),
            source=cite(document, row["section"]),
        )
        report.count("learning entries")
