"""URL samples for the permission matrix: an indicator that exists."""

from metrohub.core.models import ActionLine
from metrohub.mel.models import Indicator, Outcome


def samples() -> dict:
    line = ActionLine.objects.get(code="AL5")
    outcome = Outcome.objects.create(action_line=line, code="OX", title="Matrix outcome")
    Indicator.objects.create(outcome=outcome, code="IX", title="Matrix indicator", kind="manual")
    return {"code": "IX", "year": 2024}
