import re

import lxml.html
from django.db import connection
from django.test.utils import CaptureQueriesContext

from metrohub.core.metrics import REGISTRY
from metrohub.mel.tests.html import figures, unlinked_figures
from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory, make_user
from metrohub.reports.sections import KEY_FIGURES

KEY_FIGURE_KEYS = [
    "network.members.total",
    "network.members.new",
    "network.associates.new",
    "finance.income.fees",
    "finance.income.grants",
    "finance.income.grants_share",
    "finance.income.fees_share",
    "finance.agreements.funding",
]


def _card(page: str, key: str):
    return lxml.html.fromstring(page).xpath(f"//*[@data-key='{key}']")[0]


def test_the_2024_report_shows_every_key_figure_with_its_source(client, data_2024):
    client.force_login(make_user("communications"))
    page = client.get("/reports/2024/").content.decode()
    assert set(KEY_FIGURE_KEYS) <= set(KEY_FIGURES.keys)
    for key in KEY_FIGURE_KEYS:
        card = _card(page, key)
        declared = card.xpath(".//a[@data-figure=$name]", name=f"{key}-declared")
        assert declared and declared[0].get("href") == f"/reports/2024/sources/#declared-{key}", key
        assert "Metropolis Annual Report 2024" in card.text_content(), key
    # the member count: 160 in the records beside 164 declared, flagged with a link to the reconciliation
    members = _card(page, "network.members.total")
    assert members.xpath(".//a[@data-figure='network.members.total']")[0].text == "160"
    assert members.xpath(".//a[@data-figure='network.members.total-declared']")[0].text_content() == "164"
    flag = members.xpath(".//*[contains(@class, 'figure-flag')]/a")[0]
    assert "-4" in flag.text_content()
    assert flag.get("href") == "/mel/reconciliation/?year=2024#declared-network.members.total"
    # the fees: declared €592,271 and nothing on record yet, so a difference, not a silent zero
    assert "592,271" in _card(page, "finance.income.fees").text_content()


def test_every_figure_of_the_report_links_to_its_records_or_source(client, data_2024):
    client.force_login(make_user("policy"))
    page = client.get("/reports/2024/").content.decode()
    assert len(figures(page)) >= 20
    assert unlinked_figures(page) == []


def test_the_report_lists_the_records_behind_its_sections(client, data_2024):
    client.force_login(make_user("policy"))
    page = client.get("/reports/2024/").content.decode()
    document = lxml.html.fromstring(page)
    # new members with the report's descriptions, and the year's partnerships
    assert "The smallest metropolis in the world" in page
    assert len(document.xpath("//*[@id='membership']//li[@data-record='organisation']")) == 9
    assert "The Pattis Family Foundation" in page
    # the programs' figures come from their app's metrics, declared beside computed
    assert document.xpath("//*[@id='programs']//*[@data-figure='programs.labs.count']")
    assert document.xpath("//*[@id='programs']//*[@data-figure='programs.labs.member_cities-declared']")
    # annexes: members by region with the board, the staff's names and positions (no HR detail)
    assert "Ngoné Mbengue" in page and "Jordi Vaquer — Secretary General" in page
    assert not re.search(r"hybrid|remote", document.xpath("//*[@id='annexes']")[0].text_content(), re.I)
    # the charts' specs are on the page for vega-embed
    assert document.xpath("//script[@id='chart-regions-spec']")


def test_the_sources_page_lists_every_declared_figure(client, data_2024):
    client.force_login(make_user("policy"))
    page = client.get("/reports/2024/sources/").content.decode()
    assert 'id="declared-network.members.total"' in page
    assert "Key Figures from 2024" in page


def test_the_drafts_are_for_the_secretariat(client, db):
    client.force_login(make_user("reviewer"))
    for url in ("/reports/2024/draft/", "/reports/2024/draft/pdf/"):
        assert client.get(url).status_code == 403
    # before publication the report's own address finds nothing for anyone outside
    for url in ("/reports/2024/", "/reports/2024/pdf/"):
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get("/reports/2024/draft/").status_code == 302
    assert client.get("/reports/2024/").status_code == 404
    # the declared figures are the documents' own, public like them
    assert client.get("/reports/2024/sources/").status_code == 200


def test_the_report_page_queries_per_figure_not_per_record(client, data_2024):
    """Its queries grow with the metrics it shows, never with the records behind them."""
    client.force_login(make_user("policy"))
    client.get("/reports/2024/")  # the session and the user's groups are read once
    with CaptureQueriesContext(connection) as before:
        assert client.get("/reports/2024/").status_code == 200
    for number in range(10):
        MembershipFactory(organisation=OrganisationFactory(name=f"Budget City {number}"))
    with CaptureQueriesContext(connection) as after:
        assert client.get("/reports/2024/").status_code == 200
    assert len(after) == len(before)
    assert len(before) <= 20 + 2 * len(REGISTRY)
