"""Every metric key the framework or the report names is registered: a dangling key fails here,
instead of showing "not available" forever or leaving a figure out of the report."""

import csv

import pytest

from metrohub.core.datasets import DATASETS
from metrohub.core.metrics import REGISTRY
from metrohub.mel.models import Indicator
from metrohub.reports.sections import SECTIONS, Section
from metrohub.reports.selectors import UnregisteredMetric, report_sections


def _framework_rows():
    for folder in sorted(DATASETS.iterdir()):
        path = folder / "mel-framework.csv"
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                yield from (row for row in csv.DictReader(handle) if row["kind"] == "computed")


def test_every_computed_indicator_of_the_datasets_names_a_registered_metric():
    dangling = [
        f"{row['indicator']} → {row['metric']}" for row in _framework_rows() if row["metric"] not in REGISTRY
    ]
    assert dangling == []


def test_every_computed_indicator_in_the_database_names_a_registered_metric(data_2024):
    # given the framework as loaded (its migration repoints the keys an older load left)
    computed = Indicator.objects.filter(kind=Indicator.Kind.COMPUTED)
    assert computed.count() == 19
    # then each names a metric the registry holds, I2.6 and I4.2 included
    assert [i.code for i in computed if i.metric_key not in REGISTRY] == []
    assert Indicator.objects.get(code="I2.6").metric_key == "fund.grants"
    assert Indicator.objects.get(code="I4.2").metric_key == "comms.subscribers.confirmed"


def test_every_key_a_report_section_names_is_registered():
    dangling = [
        f"{section.slug}: {key}" for section in SECTIONS for key in section.keys if key not in REGISTRY
    ]
    assert dangling == []


def test_the_report_refuses_a_section_naming_an_unregistered_metric(db, monkeypatch):
    # given a section naming a key no app registers
    broken = Section("broken", "Broken", keys=("network.members.total", "fund.grants.count"))
    monkeypatch.setattr("metrohub.reports.selectors.SECTIONS", [*SECTIONS, broken])
    # then building the report says which key, rather than leaving the figure out
    with pytest.raises(UnregisteredMetric, match=r"'fund\.grants\.count'"):
        report_sections(2024)


def test_indicators_i26_and_i42_show_their_figures_on_the_dashboard(data_2024, client, staff_user):
    client.force_login(staff_user("policy"))
    page = client.get("/mel/?year=2024").content.decode()
    assert "Projects financed by the International Fund" in page
    assert "Newsletter subscribers" in page
    for code in ("I2.6", "I4.2"):
        indicator = Indicator.objects.get(code=code)
        detail = client.get(f"/mel/indicators/{indicator.code}/").content.decode()
        assert "not available" not in detail.lower()
