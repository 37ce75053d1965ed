"""The registry import through core's flow: a preview held in the shared store is confirmed by
its token from another session (another web node), by its owner only; labels are accepted in
English, French and Spanish; the page says what each column may hold and shows errors by row and
column."""

import io

from django.test import Client

from metrohub.network.imports import import_apply
from metrohub.network.models import MembershipPeriod, Organisation, Person
from metrohub.network.tests.factories import OrganisationFactory, make_user

GOOD_CSV = (
    b"name,kind,country,region,category\n"
    b"Ville Nouvelle,city,FR,europe,full\n"
    b"Ciudad Prueba,city,Mexico,Latin America & the Caribbean,associate\n"
)


def upload(client, content: bytes, kind="organisations", name="new.csv"):
    file = io.BytesIO(content)
    file.name = name
    return client.post("/registry/import/", {"kind": kind, "file": file})


def session_on_another_node(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_preview_is_confirmed_from_another_session_by_its_token(membership_staff):
    # given a preview made in one session (one web node)
    first = session_on_another_node(membership_staff)
    preview = upload(first, GOOD_CSV).context["preview"]
    assert preview.token and not Organisation.objects.exists()
    assert not [key for key, _value in first.session.items() if "import" in key]  # none in the session
    # when the same user confirms from another session, with the page's token and checksum
    second = session_on_another_node(membership_staff)
    response = second.post(
        "/registry/import/confirm/", {"token": preview.token, "sha256": preview.sha256}, follow=True
    )
    # then the file is imported, once
    assert "Imported 2 organisations from new.csv" in response.content.decode()
    assert Organisation.objects.count() == 2
    again = second.post(
        "/registry/import/confirm/", {"token": preview.token, "sha256": preview.sha256}, follow=True
    )
    assert "Nothing to import: upload the file again." in again.content.decode()
    assert Organisation.objects.count() == 2


def test_another_user_cannot_confirm_someone_elses_upload(membership_staff):
    # given a preview held for one member of the membership team
    preview = upload(session_on_another_node(membership_staff), GOOD_CSV).context["preview"]
    # when a colleague posts its token and checksum
    colleague = session_on_another_node(make_user("membership", username="colleague"))
    response = colleague.post(
        "/registry/import/confirm/", {"token": preview.token, "sha256": preview.sha256}, follow=True
    )
    # then nothing is imported, and the owner may still confirm it
    assert "Nothing to import: upload the file again." in response.content.decode()
    assert not Organisation.objects.exists()
    owner = session_on_another_node(membership_staff)
    owner.post("/registry/import/confirm/", {"token": preview.token, "sha256": preview.sha256})
    assert Organisation.objects.count() == 2


def test_labels_in_english_french_and_spanish_are_accepted_as_well_as_codes(membership_staff, city):
    # given organisations with the labels the pages show, in three languages and any case
    organisations = (
        b"name,kind,country,region,category,status\n"
        b"Ville Une,Ville,FR,europe,Membre de plein droit,en cours\n"
        b"Ciudad Dos,ciudad,ES,europe,MIEMBRO ASOCIADO,activo\n"
        b"City Three,City,GB,europe,Full member,Suspended\n"
        b"City Four,CITY,IE,europe,Full,\n"
    )
    people = (
        "name,organisation,role,title,gender\n"
        "Ana Uno,Dakar Test,Punto focal,Coordinadora,Mujer\n"
        "Jean Deux,Dakar Test,point focal,Chargé de mission,Homme\n"
    ).encode()
    # when they are imported
    import_apply(actor=membership_staff, kind="organisations", file_name="o.csv", content=organisations)
    import_apply(actor=membership_staff, kind="people", file_name="p.csv", content=people)
    # then each label is stored as its code
    stored = {
        p.membership.organisation.name: (p.membership.organisation.kind, p.category, p.status)
        for p in MembershipPeriod.objects.select_related("membership__organisation").filter(
            membership__organisation__name__in=["Ville Une", "Ciudad Dos", "City Three", "City Four"]
        )
    }
    assert stored == {
        "Ville Une": ("city", "full", "active"),
        "Ciudad Dos": ("city", "associate", "active"),
        "City Three": ("city", "full", "suspended"),
        "City Four": ("city", "full", "active"),
    }
    ana = Person.objects.get(name="Ana Uno")
    assert ana.gender == "woman" and ana.positions.get().role == "focal_point"
    assert Person.objects.get(name="Jean Deux").gender == "man"


def test_the_import_page_lists_every_column_with_its_allowed_values(client, membership_staff):
    client.force_login(membership_staff)
    page = client.get("/registry/import/").content.decode()
    section = page[page.index('id="import-allowed"') :]
    for column in ("name", "kind", "country", "region", "category", "status", "joined", "aliases"):
        assert f"<code>{column}</code>" in section
    for column in ("organisation", "role", "title", "email", "gender"):
        assert f"<code>{column}</code>" in section
    # the choices, code and label, and that labels in three languages are accepted
    choices = [("full", "Full member"), ("associate", "Associate member"), ("focal_point", "Focal point")]
    for code, label in choices:
        assert f"<code>{code}</code> — {label}" in section
    assert "<code>europe</code>" in section
    assert "The code, or the label in English, French or Spanish" in section


def test_errors_are_shown_by_row_and_column_with_the_duplicates_told_apart(client, membership_staff):
    # given a file with a row repeated and a row already in the registry
    OrganisationFactory(name="Existing City")
    client.force_login(membership_staff)
    content = (
        b"name,country,region,category\n"
        b"Ville Nouvelle,FR,europe,full\n"
        b"Existing City,FR,europe,full\n"
        b"Ville Nouvelle,FR,europe,gold\n"
    )
    # when it is checked
    response = upload(client, content)
    # then each problem is in a row of its own, naming the column
    assert response.status_code == 400
    page = response.content.decode()
    assert "2 bad rows. Nothing was imported." in page
    assert "Rows read: 3 · ready: 1 · refused: 2." in page
    assert "Duplicates: 1 repeated in the file, 1 already in the database." in page
    assert "<td>4</td><td><code>category</code></td><td>unknown category “gold”</td>" in page
    assert "<td>4</td><td><code>name</code></td><td>duplicate of row 2</td>" in page
    assert 'name="token"' not in page  # nothing to confirm
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Existing City"]
