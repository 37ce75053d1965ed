from django.urls import reverse

from metrohub.core.models import DeclaredFigure
from metrohub.network.tests.factories import make_user


def test_the_index_lists_each_year_with_declared_figures_and_links_its_report(client, db):
    DeclaredFigure.objects.create(key="network.members.total", period=2019, value=150, unit="organisations")
    client.force_login(make_user("policy"))
    page = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:annual_report", args=[2019]) in page
    assert reverse("reports:annual_report_pdf", args=[2019]) in page
    assert reverse("reports:sources", args=[2019]) in page
    assert reverse("reports:sources", args=[2018]) not in page


def test_the_index_is_for_the_secretariat(client, db):
    client.force_login(make_user("reviewer"))
    assert client.get(reverse("reports:index")).status_code == 403
