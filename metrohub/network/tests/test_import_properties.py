"""Registry imports, fed generated files: the preview and the import agree, always.

Whatever the rows, the preview either is clean — and then the import writes every row — or names
its bad rows — and then the import refuses with those rows and writes nothing. Nothing raises
anything but a domain error with a message.
"""

import csv
import io
import re

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrohub.core.errors import DomainError, RowErrors
from metrohub.network.imports import import_apply, import_preview
from metrohub.network.models import Organisation, Person

LONG = "x" * 5000


def anything(*plausible: str) -> st.SearchStrategy[str]:
    """Mostly (four times in five) one of the values given, else any text, or far too long."""
    return st.one_of(*[st.sampled_from(plausible)] * 12, st.text(max_size=40), st.just(LONG), st.just(""))


ORGANISATION_ROW = st.fixed_dictionaries(
    {
        "name": st.one_of(st.text(min_size=1, max_size=60), st.just(LONG), st.just('=HYPERLINK("x","y")')),
        "kind": anything("city", "", "metropolitan", "regional"),
        "country": anything("FR", "SN", "Mexico", ""),
        "region": anything("europe", "africa", "Latin America & the Caribbean"),
        "category": anything("full", "associate", ""),
        "status": anything("", "active", "suspended"),
        "joined": anything("", "2024", "1899", "²", "٢٠٢٠", "99999999999999999999"),
        "population": anything("", "1 200 000", "-5", "9" * 30),
        "description": anything("", "A city"),
        "website": anything("", "https://city.example", "not a url", "javascript:alert(1)"),
        "aliases": anything("", "Other Name|Autre Nom"),
    }
)
PERSON_ROW = st.fixed_dictionaries(
    {
        "name": st.one_of(st.text(min_size=1, max_size=60), st.just(LONG)),
        "organisation": anything("Dakar Test", "dakar test", "Nowhere"),
        "role": anything("", "head", "staff"),
        "title": anything("Mayor", "", LONG[:201]),
        "email": anything("", "awa@example.org", "not-an-email"),
        "phone": anything("", "+221 33 000 00 00", "1" * 41),
        "gender": anything("", "woman", "man"),
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
        before = model.objects.count()
        file_refusal = None
        try:
            preview = import_preview(actor=actor, kind=kind, file_name="generated.csv", content=content)
        except DomainError as refused:  # a file-level message (unreadable, a column missing)
            assert refused.message
            preview = None
            file_refusal = refused
        assert model.objects.count() == before  # the preview writes nothing
        if preview is not None and not preview.errors:
            import_apply(actor=actor, kind=kind, file_name="generated.csv", content=content)
            assert model.objects.count() == before + len(preview.rows)
            outcome = "imported"
        else:
            outcome = "refused"
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
            assert model.objects.count() == before
        transaction.set_rollback(True)
    return outcome


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_property(rows_strategy, run) -> set[str]:
    outcomes = set()

    @PROPERTY
    @given(rows=st.lists(rows_strategy, min_size=1, max_size=4))
    def prop(rows):
        outcomes.add(run(as_csv(rows)))

    prop()
    return outcomes


def test_generated_organisation_files_import_whole_or_name_their_rows(membership_staff):
    outcomes = check_property(
        ORGANISATION_ROW,
        lambda content: preview_then_import(membership_staff, "organisations", content, Organisation),
    )
    assert outcomes == {"imported", "refused"}  # both sides of the property were tried


def test_generated_people_files_import_whole_or_name_their_rows(membership_staff, city):
    outcomes = check_property(
        PERSON_ROW, lambda content: preview_then_import(membership_staff, "people", content, Person)
    )
    assert outcomes == {"imported", "refused"}


def test_a_preview_names_what_the_write_would_refuse(membership_staff):
    """The finding: a 5,000-character name and a bad website passed the preview, then gave a 500."""
    # given a file whose rows only the models' own validation refuses
    content = as_csv(
        [
            {"name": LONG, "country": "FR", "region": "europe", "website": ""},
            {"name": "Ville Correcte", "country": "FR", "region": "europe", "website": "not a url"},
        ]
    )
    # when it is previewed
    preview = import_preview(actor=membership_staff, kind="organisations", file_name="x.csv", content=content)
    # then each row is named with its reason, and nothing was written
    reasons = dict(preview.errors)
    assert "at most 200 characters" in reasons[2]
    assert "website" in reasons[3] and "URL" in reasons[3]
    assert not Organisation.objects.filter(name="Ville Correcte").exists()
