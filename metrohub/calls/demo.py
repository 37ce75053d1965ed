"""Synthetic calls for demonstrations: an open Solutions Labs call and a closed one from the past.
(The open call of the Local Care Systems fund is made by `metrohub/fund/demo.py`, once the fund
is loaded.) Deterministic and idempotent: a call already present, by title, is left alone. Every
call made here is flagged synthetic and says so in its description."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from metrohub.calls import services
from metrohub.calls.models import Call, Question
from metrohub.core.permissions import SYSTEM

LABEL = "Synthetic demonstration call, not a real one."
FILES = ["pdf", "docx", "xlsx"]


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def open_window() -> tuple[dt.datetime, dt.datetime]:
    """Open since a month ago, for two months more: a demo always has an open call."""
    today = timezone.localdate()
    return _at(today - dt.timedelta(days=30), 9), _at(today + dt.timedelta(days=60), 18)


def add_form(call: Call, questions, criteria) -> None:
    for label, kind, required, choices in questions:
        services.question_add(
            actor=SYSTEM, call=call, label=label, kind=kind, required=required, choices=choices
        )
    for name, weight, description in criteria:
        services.criterion_add(
            actor=SYSTEM, call=call, name=name, weight=weight, max_score=5, description=description
        )


LAB_QUESTIONS = [
    ("Which department of your government would take part?", Question.Kind.TEXT, True, ""),
    ("What challenge does your city bring to the Lab?", Question.Kind.LONG_TEXT, True, ""),
    ("Which role would your city take?", Question.Kind.CHOICE, True, "host\nlearner\nexpert"),
    ("Could your city host a session in person?", Question.Kind.YES_NO, False, ""),
]
LAB_CRITERIA = [
    ("Relevance of the challenge", 3, "How well the challenge fits the Lab's theme."),
    ("Commitment of the team", 2, "People and time the city puts in."),
    ("Potential to share", 1, "What other cities could learn from it."),
]


@transaction.atomic
def generate(*, year: int, seed: int = 2024) -> dict[str, int]:
    created = 0
    opens, closes = open_window()
    if not Call.objects.filter(title="Solutions Lab: Supporting Caregivers (demo)").exists():
        call = services.call_create(
            actor=SYSTEM,
            title="Solutions Lab: Supporting Caregivers (demo)",
            description=f"{LABEL} A Lab for cities building care policies to share what works.",
            programme=Call.Programme.SOLUTIONS_LABS,
            themes=["social-cohesion", "gender-equality"],
            action_lines=["AL1", "AL2", "AL3"],
            opens_at=opens,
            closes_at=closes,
            allowed_file_types=FILES,
            max_file_size_mb=5,
            synthetic=True,
        )
        add_form(call, LAB_QUESTIONS, LAB_CRITERIA)
        created += 1
    if not Call.objects.filter(title=f"Solutions Labs {year}: first round (demo)").exists():
        call = services.call_create(
            actor=SYSTEM,
            title=f"Solutions Labs {year}: first round (demo)",
            description=f"{LABEL} A past call, closed.",
            programme=Call.Programme.SOLUTIONS_LABS,
            themes=["metropolitan-futures", "metropolitan-ecosystems"],
            action_lines=["AL1", "AL2", "AL3"],
            opens_at=_at(dt.date(year, 2, 1), 9),
            closes_at=_at(dt.date(year, 3, 31), 18),
            allowed_file_types=FILES,
            synthetic=True,
        )
        add_form(call, LAB_QUESTIONS, LAB_CRITERIA)
        created += 1
    return {"calls": created} if created else {}
