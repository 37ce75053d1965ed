"""The public pages: the lab list filters, the dashboard shows declared beside computed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from metrohub.core.models import DeclaredFigure
from metrohub.programs.tests.factories import add_city, add_participant, make_lab

pytestmark = pytest.mark.django_db


def test_the_lab_list_filters_by_priority_action_line_and_year(client):
    make_lab("Water Lab", priorities=["metropolitan-ecosystems"], action_lines=["AL1"])
    make_lab("Gender Lab", priorities=["gender-equality"], action_lines=["AL2"])
    make_lab("Old Lab", year=2023, priorities=["gender-equality"], action_lines=["AL2"])
    url = reverse("programs:lab_list")
    assert "Water Lab" not in client.get(url, {"priority": "gender-equality"}).text
    page = client.get(url, {"action_line": "AL2", "year": "2024"}).text
    assert "Gender Lab" in page and "Old Lab" not in page and "Water Lab" not in page


def test_the_dashboard_shows_declared_figures_beside_computed_ones(client, city):
    # given the declared figure and one member city in a lab's records
    DeclaredFigure.objects.create(
        key="programs.labs.member_cities",
        period=2024,
        value=Decimal(39),
        unit="organisations",
        label="active member cities",
        document="Metropolis Annual Report 2024",
        section="Knowledge Exchange — Launch of Solution Labs",
    )
    lab = make_lab()
    add_city(lab, city)
    add_participant(lab, gender="woman")
    # when
    page = client.get(reverse("programs:dashboard"), {"year": 2024}).text
    # then both show, and the difference is flagged
    assert 'data-figure="programs.labs.member_cities-declared">39<' in page
    assert 'data-figure="programs.labs.member_cities-computed"><a' in page
    assert "Difference: -38" in page
    assert 'data-figure="participants">1<' in page


def test_synthetic_records_show_only_when_asked_and_badged(client, lab):
    add_participant(lab, gender="woman", synthetic=True)
    url = reverse("programs:lab_detail", args=[lab.pk])
    assert 'data-figure="gender-woman"' not in client.get(url).text
    page = client.get(url, {"synthetic": "1"}).text
    assert 'data-figure="gender-woman">1<' in page and 'id="synthetic-note"' in page


def test_the_api_gives_labs_and_dashboard_figures(client, city):
    lab = make_lab("API Lab")
    add_city(lab, city)
    labs = client.get("/api/v1/programs/labs", {"priority": "gender-equality"}).json()
    assert labs["items"][0]["title"] == "API Lab"
    assert labs["items"][0]["cohort"][0]["name"] == city.name
    assert client.get("/api/v1/programs/dashboard", {"year": 2024}).json()["member_cities"] == 1


def test_the_api_gives_participants_to_the_programs_team_only(client, lab, user_with_role):
    add_participant(lab, name="Amina Secretname")
    client.force_login(user_with_role("membership"))
    assert client.get("/api/v1/programs/participants").status_code == 403
    client.force_login(user_with_role("programs", username="prog"))
    answer = client.get("/api/v1/programs/participants", {"lab": lab.pk})
    assert answer.status_code == 200
    assert [p["name"] for p in answer.json()] == ["Amina Secretname"]


def test_the_dashboard_costs_the_same_queries_for_more_labs(client, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("programs:dashboard"), {"year": 2024}).status_code == 200
        return len(captured)

    for n in range(2):
        lab = make_lab(f"Lab {n}")
        add_city(lab, city)
        add_participant(lab)
    few = queries()
    for n in range(2, 8):
        lab = make_lab(f"Lab {n}")
        add_participant(lab)
    assert queries() == few
