import csv
import io

from openpyxl import load_workbook

from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_directory_filters_by_region_category_and_search(client, membership_staff):
    # given members in two regions, one of them associate
    MembershipFactory(organisation=OrganisationFactory(name="Accra Test", region__code="africa"))
    from metrohub.core.models import Region

    africa = Region.objects.get(code="africa")
    MembershipFactory(organisation=OrganisationFactory(name="Abidjan Test", region=africa))
    MembershipFactory(organisation=OrganisationFactory(name="Lyon Test"), period__category="associate")
    client.force_login(membership_staff)
    # when / then
    page = client.get("/registry/?region=africa").content.decode()
    assert "Abidjan Test" in page and "Lyon Test" not in page
    page = client.get("/registry/?category=associate").content.decode()
    assert "Lyon Test" in page and "Abidjan Test" not in page
    page = client.get("/registry/?q=lyon").content.decode()
    assert "Lyon Test" in page and "Abidjan Test" not in page


def test_directory_sorts_and_pages(client, membership_staff, settings):
    settings.METROHUB_PAGE_SIZE = 2
    for name, population in [("Alpha", 10), ("Bravo", 30), ("Charlie", 20)]:
        MembershipFactory(organisation=OrganisationFactory(name=name, population=population))
    client.force_login(membership_staff)
    first = client.get("/registry/?sort=-population").context["listing"].page
    assert [o.name for o in first] == ["Bravo", "Charlie"]
    second = client.get("/registry/?sort=-population&page=2").context["listing"].page
    assert [o.name for o in second] == ["Alpha"]


def test_a_bad_filter_value_is_reported_not_a_server_error(client, membership_staff):
    client.force_login(membership_staff)
    response = client.get("/registry/?joined=abc&region=nowhere")
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()


def test_exports_hold_the_filtered_rows(client, membership_staff):
    from metrohub.core.models import Region

    africa = Region.objects.get(code="africa")
    MembershipFactory(organisation=OrganisationFactory(name="Dakar X", region=africa, country="SN"))
    MembershipFactory(organisation=OrganisationFactory(name="Paris X"))
    client.force_login(membership_staff)
    rows = rows_of(client.get("/registry/organisations.csv?region=africa"))
    assert rows[0][:4] == ["Name", "Region", "Country", "Kind"]
    assert [r[0] for r in rows[1:]] == ["Dakar X"]
    workbook = load_workbook(io.BytesIO(client.get("/registry/organisations.xlsx?region=africa").content))
    values = list(workbook.active.iter_rows(values_only=True))
    assert values[1][0] == "Dakar X" and len(values) == 2
