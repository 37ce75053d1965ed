"""Import of organisations and people: a file with any bad row imports nothing and names every bad row."""

import io

import pytest
from openpyxl import Workbook

from metrohub.core.errors import NotAllowed, RowErrors
from metrohub.network.imports import import_apply, import_preview
from metrohub.network.models import Membership, Organisation, OrganisationAlias, Person
from metrohub.network.tests.factories import OrganisationFactory

GOOD_CSV = (
    b"name,kind,country,region,category,joined,aliases\n"
    b"Ville Nouvelle,city,FR,europe,full,2025,Nouvelle Ville\n"
    b"Ciudad Prueba,city,Mexico,Latin America & the Caribbean,associate,,\n"
)

BAD_CSV = (
    b"name,kind,country,region,category\n"
    b"Ville Nouvelle,city,FR,europe,full\n"  # row 2: fine
    b"Atlantis,city,XX,europe,full\n"  # row 3: unknown country
    b",city,FR,europe,full\n"  # row 4: missing name
    b"Somewhere,city,FR,Antarctica,full\n"  # row 5: unknown region
    b"Existing City,city,FR,europe,full\n"  # row 6: duplicate of the registry
    b"ville  nouvelle,city,FR,europe,full\n"  # row 7: duplicate of row 2
)


def xlsx(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_good_csv_imports_every_row_with_memberships_and_aliases(membership_staff):
    # when
    preview = import_apply(
        actor=membership_staff, kind="organisations", file_name="new.csv", content=GOOD_CSV
    )
    # then
    assert len(preview.rows) == 2
    ville = Organisation.objects.get(name="Ville Nouvelle")
    assert ville.region.code == "europe"
    assert ville.membership.joined_year == 2025
    assert OrganisationAlias.objects.filter(organisation=ville, name="Nouvelle Ville").exists()
    assert Organisation.objects.get(name="Ciudad Prueba").country == "MX"
    assert ville.history.first().history_user == membership_staff


def test_a_file_with_bad_rows_imports_nothing_and_names_each_bad_row(membership_staff):
    # given
    OrganisationFactory(name="Existing City")
    before = Organisation.objects.count()
    # when
    with pytest.raises(RowErrors, match=r"^5 bad row\(s\); nothing was imported\.$") as refused:
        import_apply(actor=membership_staff, kind="organisations", file_name="bad.csv", content=BAD_CSV)
    # then nothing was written, and each bad row is reported with its reason
    assert Organisation.objects.count() == before
    assert not Membership.objects.exists()
    reasons = dict(refused.value.rows)
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "unknown country" in reasons[3]
    assert "missing name" in reasons[4]
    assert "unknown region" in reasons[5]
    assert "duplicate" in reasons[6] and "Existing City" in reasons[6]
    assert "duplicate of row 2" in reasons[7]


def test_an_alias_spelled_with_accents_is_a_duplicate(membership_staff):
    # given the registry knows "Chișinău"
    OrganisationFactory(name="Chișinău")
    # when a file brings "Chisinau"
    preview = import_preview(
        actor=membership_staff,
        kind="organisations",
        file_name="x.csv",
        content=b"name,country,region\nChisinau,MD,europe\n",
    )
    # then it is refused as the same organisation
    assert preview.errors and "Chișinău" in preview.errors[0][1]


def test_xlsx_files_are_read_like_csv(membership_staff):
    content = xlsx([["Name", "Country", "Region"], ["Cidade Nova", "BR", "latin-america-caribbean"]])
    import_apply(actor=membership_staff, kind="organisations", file_name="new.xlsx", content=content)
    assert Organisation.objects.filter(name="Cidade Nova", country="BR").exists()


@pytest.mark.parametrize(
    ("file_name", "content", "message"),
    [
        ("notes.txt", b"hello", "Upload a .csv or .xlsx file."),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "not a readable XLSX"),
        ("latin1.csv", "name,country,region\nSão Paulo,BR,x\n".encode("latin-1"), "not UTF-8"),
        ("empty.csv", b"", "empty"),
        ("disguised.csv", b"PK\x03\x04\x00\x00 a zip named .csv", "not a CSV"),
        ("disguised.xlsx", b"name,country\nA,FR\n", "not a readable XLSX"),
        ("columns.csv", b"city,where\nA,B\n", "no column"),
    ],
)
def test_malformed_files_are_refused_with_a_clear_message(membership_staff, file_name, content, message):
    with pytest.raises(Exception, match=message):
        import_apply(actor=membership_staff, kind="organisations", file_name=file_name, content=content)
    assert not Organisation.objects.exists()


def test_people_import_checks_organisation_and_email(membership_staff, city):
    content = (
        b"name,organisation,title,email\n"
        b"Fatou Sow,Dakar Test,Focal point,fatou@dakar.example\n"
        b"Nobody,Atlantis,Mayor,\n"
        b"Bad Mail,Dakar Test,Officer,not-an-email\n"
    )
    with pytest.raises(RowErrors, match=r"^2 bad row\(s\); nothing was imported\.$") as refused:
        import_apply(actor=membership_staff, kind="people", file_name="people.csv", content=content)
    reasons = dict(refused.value.rows)
    assert "unknown organisation" in reasons[3]
    assert "not an email address" in reasons[4]
    assert not Person.objects.filter(name="Fatou Sow").exists()


def test_only_the_membership_team_may_import(user_with_role):
    with pytest.raises(NotAllowed, match="Only the membership team and administrators change the registry"):
        import_apply(
            actor=user_with_role("programs"), kind="organisations", file_name="new.csv", content=GOOD_CSV
        )
    assert not Organisation.objects.exists()


def test_the_import_page_lists_every_bad_row_and_writes_nothing(client, membership_staff):
    # given
    OrganisationFactory(name="Existing City")
    client.force_login(membership_staff)
    upload = io.BytesIO(BAD_CSV)
    upload.name = "bad.csv"
    # when
    response = client.post("/registry/import/", {"kind": "organisations", "file": upload})
    # then
    assert response.status_code == 400
    page = response.content.decode()
    assert "5 bad rows. Nothing was imported." in page
    for row in ("<td>3</td>", "<td>4</td>", "<td>5</td>", "<td>6</td>", "<td>7</td>"):
        assert row in page
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Existing City"]


def test_the_import_page_previews_then_imports_on_confirmation(client, membership_staff):
    client.force_login(membership_staff)
    upload = io.BytesIO(GOOD_CSV)
    upload.name = "new.csv"
    preview = client.post("/registry/import/", {"kind": "organisations", "file": upload})
    assert "2 rows are ready to import" in preview.content.decode()
    assert not Organisation.objects.exists()  # a preview writes nothing
    sha = preview.context["preview"].sha256
    response = client.post("/registry/import/confirm/", {"sha256": sha}, follow=True)
    assert "Imported 2 organisations from new.csv" in response.content.decode()
    assert Organisation.objects.count() == 2
