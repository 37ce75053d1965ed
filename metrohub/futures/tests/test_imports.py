import pytest

from metrohub.core.errors import NotAllowed, RowErrors
from metrohub.futures.models import Import, Observation
from metrohub.futures.observations import observations_preview
from metrohub.futures.services import observations_import
from metrohub.futures.tests.helpers import GOOD_ROWS, SDMX_CSV, tidy_csv


def test_a_tidy_csv_imports_with_its_provenance(cities, policy_staff):
    # when a policy officer imports a clean file
    record = observations_import(actor=policy_staff, file_name="obs.csv", content=tidy_csv(GOOD_ROWS))
    # then every row is a draft, tied to the import that brought it
    assert Observation.objects.count() == 5
    assert record.row_count == 5 and record.imported_by == policy_staff and len(record.sha256) == 64
    lisbon = Observation.objects.get(city__code="lisbon-test")
    assert (lisbon.value, lisbon.method, lisbon.boundary) == (9.0, "estimated", "municipal")


def test_an_sdmx_csv_file_imports(cities, policy_staff):
    record = observations_import(actor=policy_staff, file_name="sdmx.csv", content=SDMX_CSV)
    assert record.format == "sdmx-csv"
    assert Observation.objects.count() == 3
    estimated = Observation.objects.get(city__code="lisbon-test", indicator__code="pm25")
    assert estimated.method == "estimated" and estimated.note == "estimate from the model"


def test_importing_again_revises_the_drafts(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    revised = [("dakar-test", "pm25", 2022, 31.0, "", "", "", "revised", "")]
    observations_import(actor=policy_staff, file_name="b.csv", content=tidy_csv(revised))
    assert Observation.objects.count() == 5
    assert Observation.objects.get(city__code="dakar-test", indicator__code="pm25", year=2022).value == 31.0


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_row(cities, policy_staff):
    # given a file whose rows 3 to 8 are each wrong in one way
    rows = [
        GOOD_ROWS[0],
        ("atlantis", "pm25", 2023, 10, "", "", "", "", ""),
        ("dakar-test", "happiness", 2023, 10, "", "", "", "", ""),
        ("dakar-test", "pm25", 2024, "ten", "", "", "", "", ""),
        ("dakar-test", "unemployment", 2024, 10, "persons", "", "", "", ""),
        ("dakar-test", "pm25", 2022, 29.0, "", "", "", "", ""),
        ("dakar-test", "unemployment", 2022, 140, "", "", "", "", ""),
    ]
    # when it is imported
    with pytest.raises(RowErrors, match=r"^6 bad row\(s\); nothing was imported\.$") as refused:
        observations_import(actor=policy_staff, file_name="bad.csv", content=tidy_csv(rows))
    # then nothing was written and each bad row is named with its reason
    assert not Observation.objects.exists() and not Import.objects.exists()
    reasons = dict(refused.value.rows)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8]
    assert "unknown city “atlantis”" in reasons[3]
    assert "unknown indicator “happiness”" in reasons[4]
    assert "not a number" in reasons[5]
    assert "does not match the indicator's unit" in reasons[6]
    assert "duplicate of row 2" in reasons[7]
    assert "outside the plausible range" in reasons[8]


def test_only_the_policy_team_and_administrators_import(cities, user_with_role):
    with pytest.raises(NotAllowed, match="Only the policy team and administrators import data"):
        observations_import(actor=user_with_role("finance"), file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    assert not Observation.objects.exists()


def test_the_preview_writes_nothing(cities):
    preview = observations_preview(file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    assert preview.row_count == 5 and not preview.errors
    assert not Observation.objects.exists()
