"""URL samples for the permission matrix: an indicator that exists."""

from metrohub.mel.models import ActionLine, Indicator, Outcome


def samples() -> dict:
    line = ActionLine.objects.create(code="ALX", name="Matrix line")
    outcome = Outcome.objects.create(action_line=line, code="OX", title="Matrix outcome")
    Indicator.objects.create(outcome=outcome, code="IX", title="Matrix indicator", kind="manual")
    return {"code": "IX", "year": 2024}
