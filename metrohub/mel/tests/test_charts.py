"""The dashboard's chart of progress against targets: its data are the table's figures, and the
status follows the one rule in `mel.selectors`."""

from decimal import Decimal

import pytest

from metrohub.core.testing import chart_values, table_cells
from metrohub.mel import services
from metrohub.mel.models import Indicator
from metrohub.mel.selectors import Status, progress, status


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.fixture
def targets_2024(data_2024, policy_staff):
    """Targets for 2024 (the report sets none for that year): on track, at risk, off track."""
    for code, value in [("I1.2", 164), ("I3.1", 15), ("I1.1", 20)]:
        services.target_set(
            actor=policy_staff, indicator=Indicator.objects.get(code=code), period=2024, value=Decimal(value)
        )


def test_the_progress_chart_shows_the_figures_of_its_table_for_2024(client, policy_staff, targets_2024):
    # when the policy team opens the 2024 dashboard
    client.force_login(policy_staff)
    page = client.get("/mel/?year=2024").content

    # then the chart's bars are the rows of the table it points to, figure for figure
    values = chart_values(page, "progress")
    rows = table_cells(page, "progress-table")
    assert [
        [f"{v['code']} {v['indicator']}", v["target"], v["result"], v["progress"], v["status"]]
        for v in values
    ] == [[name, _number(t), _number(r), _number(p), s] for name, t, r, p, s in rows]
    # and each status is the rule's: 160 of 164 members, 10 of 15 events, 8 of 20 new members
    assert {v["code"]: (v["progress"], v["status"]) for v in values} == {
        "I1.2": (98.0, "on track"),
        "I3.1": (67.0, "at risk"),
        "I1.1": (40.0, "off track"),
    }


def test_the_action_lines_tables_show_the_same_status_as_the_chart(client, policy_staff, targets_2024):
    client.force_login(policy_staff)
    page = client.get("/mel/?year=2024").content.decode()

    assert 'data-status="I1.2"><span class="badge mel-status mel-on_track">on track</span>' in page
    assert 'data-status="I3.1"><span class="badge mel-status mel-at_risk">at risk</span>' in page
    assert 'data-status="I1.1"><span class="badge mel-status mel-off_track">off track</span>' in page


def test_an_indicator_without_a_target_for_the_year_has_no_status_and_no_bar(client, policy_staff, data_2024):
    client.force_login(policy_staff)
    page = client.get("/mel/?year=2024").content.decode()

    assert "progress-chart" not in page
    assert 'data-status="I1.2"></td>' in page


@pytest.mark.parametrize(
    ("target", "result", "direction", "expected"),
    [
        ("100", "85", "up", Status.ON_TRACK),
        ("100", "84.9", "up", Status.AT_RISK),
        ("100", "60", "up", Status.AT_RISK),
        ("100", "59", "up", Status.OFF_TRACK),
        ("100", "250", "up", Status.ON_TRACK),
        ("10", "11", "down", Status.ON_TRACK),
        ("10", "12", "down", Status.AT_RISK),
        ("10", "20", "down", Status.OFF_TRACK),
        ("10", "0", "down", Status.ON_TRACK),
        ("0", "5", "up", None),
        ("100", "50", "none", None),
    ],
)
def test_the_status_rule(target, result, direction, expected):
    share = progress(target=Decimal(target), result=Decimal(result), direction=direction)
    assert status(share) == expected


def test_no_target_or_no_result_gives_no_status():
    assert progress(target=None, result=Decimal(1), direction="up") is None
    assert progress(target=Decimal(1), result=None, direction="up") is None
