from decimal import Decimal

import pytest
from django.utils import translation

from metrohub.core.errors import DomainError, NotAllowed
from metrohub.core.testing import load_dataset_2024
from metrohub.mel import services
from metrohub.mel.models import Indicator, LearningEntry, Origin, Outcome, Result, Target
from metrohub.network.tests.factories import make_user


def test_the_2024_framework_loads_once_and_cites_the_report(data_2024):
    # then the outcomes hang from core's five action lines, which carry the report's names
    lines = sorted(set(Outcome.objects.values_list("action_line__code", "action_line__name")))
    assert [code for code, _ in lines] == ["AL1", "AL2", "AL3", "AL4", "AL5"]
    assert dict(lines)["AL4"] == "Communication"
    # every indicator cites a section of the report, and says whose framework it is
    for indicator in Indicator.objects.all():
        assert indicator.source.startswith("Metropolis Annual Report 2024 — "), indicator.code
    assert Indicator.objects.get(code="I1.1").origin == Origin.REPORT
    assert Indicator.objects.get(code="I1.2").origin == Origin.METROHUB
    # targets, with a disaggregation, results and lessons come from the report too
    assert Target.objects.filter(indicator__code="I4.4", dimension="gender", dimension_value="woman").exists()
    assert Result.objects.get(indicator__code="I4.3").value == Decimal("658382")
    assert LearningEntry.objects.filter(indicators__code="I2.3").exists()
    counts = [m.objects.count() for m in (Outcome, Indicator, Target, Result, LearningEntry)]
    assert all(counts), counts
    # when loaded again, nothing is added
    assert "nothing added" in load_dataset_2024()
    assert [m.objects.count() for m in (Outcome, Indicator, Target, Result, LearningEntry)] == counts


def test_a_computed_result_cannot_be_typed_in(data_2024, policy_staff):
    with pytest.raises(
        DomainError, match="A computed indicator's results come from the records; they cannot be typed in"
    ):
        services.result_record(
            actor=policy_staff,
            indicator=Indicator.objects.get(code="I1.1"),
            period=2024,
            value=Decimal(9),
            evidence="x",
        )


def test_a_manual_result_needs_evidence_and_a_manager(data_2024, policy_staff):
    indicator = Indicator.objects.get(code="I4.4")
    with pytest.raises(DomainError, match="evidence"), translation.override("en"):
        services.result_record(actor=policy_staff, indicator=indicator, period=2025, value=Decimal(40))
    with pytest.raises(
        NotAllowed, match="Only administrators and the policy team set targets and record results"
    ):
        services.result_record(
            actor=make_user("finance"), indicator=indicator, period=2025, value=Decimal(40), evidence="list"
        )
    result = services.result_record(
        actor=policy_staff,
        indicator=indicator,
        period=2025,
        value=Decimal(40),
        evidence="Training attendance list",
        dimension="gender",
        dimension_value="woman",
    )
    assert result.history.count() == 1 and result.created_by == policy_staff
