from django.urls import reverse

from metrohub.core.models import DeclaredFigure
from metrohub.network.tests.factories import make_user


def test_the_index_lists_each_year_with_declared_figures_and_links_its_draft(client, db):
    DeclaredFigure.objects.create(key="network.members.total", period=2019, value=150, unit="organisations")
    client.force_login(make_user("policy"))
    page = client.get(reverse("reports:index")).content.decode()
    assert reverse("reports:draft", args=[2019]) in page
    assert reverse("reports:draft_pdf", args=[2019]) in page
    assert reverse("reports:sources", args=[2019]) in page
    assert reverse("reports:sources", args=[2018]) not in page


def test_the_public_index_lists_only_published_reports(client, db):
    DeclaredFigure.objects.create(key="network.members.total", period=2019, value=150, unit="organisations")
    for who in (None, "reviewer"):
        if who:
            client.force_login(make_user(who))
        page = client.get(reverse("reports:index")).content.decode()
        assert "No report is published yet." in page
        assert reverse("reports:draft", args=[2019]) not in page
