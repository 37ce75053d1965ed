"""What the finance pages share: which of the finance tabs the user may open."""

from metrohub.finance.permissions import can_manage_finance, can_view_finance


def finance_context(request) -> dict:
    """Which of the finance tabs the user may open."""
    return {
        "can_view_finance": can_view_finance(request.user),
        "can_manage_finance": can_manage_finance(request.user),
    }
