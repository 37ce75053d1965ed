"""Metro Futures imports, fed generated files: the preview and the import agree, always.

A clean preview imports every row; a preview with bad rows makes the import refuse with the same
rows and write nothing; nothing raises anything but a domain error with a message.
"""

import csv
import io
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrohub.core.errors import DomainError, RowErrors
from metrohub.futures.models import Import, Observation, Strategy
from metrohub.futures.services import import_apply, import_preview

LONG = "x" * 5000
PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def anything(*plausible: str) -> st.SearchStrategy[str]:
    """Mostly (four times in five) one of the values given, else any text, or far too long."""
    return st.one_of(*[st.sampled_from(plausible)] * 12, st.text(max_size=30), st.just(LONG), st.just(""))


OBSERVATION_ROW = st.fixed_dictionaries(
    {
        "city": anything("dakar-test", "Lisbon Test", "elsewhere"),
        "indicator": anything("pm25", "unemployment"),
        "year": anything("2021", "2023", "2022-A", "²", "1899", "99999999999"),
        "value": anything("30.5", "-0", "12", "nan", "inf", "1e400", "٣"),
        "unit": anything("", "µg/m³", "%"),
        "boundary": anything("", "municipal", "metropolitan"),
        "method": anything("", "measured", "estimated"),
        "source": anything("", "test", LONG),
        "note": anything("", '=HYPERLINK("x","y")', LONG),
    }
)
STRATEGY_ROW = st.fixed_dictionaries(
    {
        "city": anything("dakar-test", "Lisbon Test"),
        "title": st.one_of(st.text(min_size=1, max_size=40), st.just(LONG)),
        "level": anything("local", "metropolitan"),
        "year_adopted": anything("", "2020", "²"),
        "horizon": anything("", "2030", "3000"),
        "dimensions": anything("", "resilience", "resilience|inclusion"),
        "sdgs": anything("", "11", "1|2|3", "|".join(["11"] * 40), "18"),
        "link": anything("", "https://city.example/plan", "not a url"),
        "summary": anything("", "A plan"),
        "targets": anything("", "pm25:10:2030", "pm25:10:2030|pm25:12:2030", "pm25:nan:2030", "pm25:1:99999"),
    }
)


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def preview_then_import(actor, kind: str, content: bytes, model) -> str:
    """The property, for one file, in a transaction rolled back after it; returns the outcome."""
    with transaction.atomic():
        before = (model.objects.count(), Import.objects.count())
        file_refusal = None
        try:
            preview = import_preview(kind=kind, file_name="generated.csv", content=content)
        except DomainError as refused:
            assert refused.message
            preview = None
            file_refusal = refused
        assert (model.objects.count(), Import.objects.count()) == before
        if preview is not None and not preview.errors:
            import_apply(actor=actor, kind=kind, file_name="generated.csv", content=content)
            assert Import.objects.count() == before[1] + 1
            assert model.objects.filter(imported__sha256=preview.sha256).count() >= 1
            outcome = "imported"
        else:
            # the write refuses as the preview did: the same bad rows, or the same file-level reason
            expected, reason = (
                (RowErrors, r"bad row\(s\); nothing was imported\.$")
                if preview is not None
                else (type(file_refusal), f"^{re.escape(file_refusal.message)}$")
            )
            with pytest.raises(expected, match=reason) as refused:
                import_apply(actor=actor, kind=kind, file_name="generated.csv", content=content)
            if preview is not None:
                assert isinstance(refused.value, RowErrors)
                assert refused.value.rows == sorted(preview.errors)
            assert (model.objects.count(), Import.objects.count()) == before
            outcome = "refused"
        transaction.set_rollback(True)
    return outcome


def check_property(rows_strategy, run) -> set[str]:
    outcomes = set()

    @PROPERTY
    @given(rows=st.lists(rows_strategy, min_size=1, max_size=4))
    def prop(rows):
        outcomes.add(run(as_csv(rows)))

    prop()
    return outcomes


def test_generated_observation_files_import_whole_or_name_their_rows(cities, policy_staff):
    outcomes = check_property(
        OBSERVATION_ROW,
        lambda content: preview_then_import(policy_staff, "observations", content, Observation),
    )
    assert outcomes == {"imported", "refused"}  # both sides of the property were tried


def test_generated_strategy_files_import_whole_or_name_their_rows(cities, policy_staff):
    outcomes = check_property(
        STRATEGY_ROW, lambda content: preview_then_import(policy_staff, "strategies", content, Strategy)
    )
    assert outcomes == {"imported", "refused"}


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("title", LONG, "at most 300 characters"),
        ("link", "not a url", "URL"),
        ("sdgs", "|".join(["11"] * 40), "at most 100 characters"),
        ("targets", "pm25:10:2030|pm25:12:2030", "given twice"),
        ("targets", "pm25:nan:2030", "indicator:value:year"),
        ("year_adopted", "²", "must be a year"),
    ],
)
def test_a_strategy_preview_names_what_the_write_would_refuse(cities, column, value, reason):
    # given a strategy row that only the write's own rules refuse
    row = {"city": "dakar-test", "title": "Plan", "level": "local", column: value}
    # when it is previewed
    preview = import_preview(kind="strategies", file_name="s.csv", content=as_csv([row]))
    # then the row is named with its reason
    assert preview.errors and reason in preview.errors[0][1]
