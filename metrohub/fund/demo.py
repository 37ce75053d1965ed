"""A synthetic open call on the Local Care Systems fund (loaded from the 2024 report), capped at
the fund's largest grant. Deterministic and idempotent; flagged synthetic. Without the fund (the
2024 data not loaded), it adds nothing."""

from django.db import transaction

from metrohub.calls import services as call_services
from metrohub.calls.demo import LABEL, add_form, open_window
from metrohub.calls.models import Call, Question
from metrohub.core.permissions import SYSTEM
from metrohub.fund.models import Fund

FUND = "International Fund for Metropolises: Local Care Systems"
TITLE = "Local Care Systems grants (demo)"
QUESTIONS = [
    ("Title of the project", Question.Kind.TEXT, True, ""),
    ("What will the project do for carers and the people they care for?", Question.Kind.LONG_TEXT, True, ""),
    ("How many people will it reach?", Question.Kind.NUMBER, True, ""),
    ("Does your government co-fund the project?", Question.Kind.YES_NO, True, ""),
]
CRITERIA = [
    ("Impact on care work", 3, "Recognising, reducing and redistributing care work."),
    ("Feasibility", 2, "Budget, plan and team."),
    ("Gender equality", 2, "Who carries the care today, and who will."),
    ("Sustainability", 1, "What lasts after the grant."),
]


@transaction.atomic
def generate(*, year: int, seed: int = 2024) -> dict[str, int]:
    fund = Fund.objects.filter(name=FUND).first()
    if fund is None or Call.objects.filter(title=TITLE).exists():
        return {}
    opens, closes = open_window()
    call = call_services.call_create(
        actor=SYSTEM,
        title=TITLE,
        description=f"{LABEL} Grants of up to EUR 100,000 for local governments building local care systems.",
        programme=Call.Programme.FUND,
        fund=fund,
        themes=["gender-equality", "social-cohesion"],
        action_lines=["AL1", "AL2", "AL5"],
        opens_at=opens,
        closes_at=closes,
        eligible_categories=["full"],
        allowed_file_types=["pdf", "docx", "xlsx"],
        max_file_size_mb=10,
        max_amount=fund.max_grant,
        synthetic=True,
    )
    add_form(call, QUESTIONS, CRITERIA)
    return {"fund calls": 1}
