"""Choosing cities in the explorer: a search as one types, never a select of every city."""

import pytest
from django.urls import reverse

from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv


@pytest.fixture
def published(cities, policy_staff):
    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    return release_publish(actor=policy_staff, note="first")


def test_the_compare_page_lists_no_city_before_one_searches(client, published):
    page = client.get(reverse("futures:compare")).content.decode()
    assert '<select class="form-select form-select-sm" id="cities"' not in page
    assert 'name="cities__q"' in page and "Elsewhere" not in page


def test_without_javascript_a_search_lists_matches_and_keeps_the_chosen(client, published):
    url = reverse("futures:compare") + "?cities=dakar-test&cities__q=lis&cities__find=1"
    page = client.get(url).content.decode()
    assert 'value="dakar-test" checked' in page  # chosen before, still chosen
    assert 'value="lisbon-test"' in page and 'value="lisbon-test" checked' not in page
    assert "Elsewhere" not in page


def test_the_city_search_answers_anyone_with_the_matches(client, published):
    answer = client.get(reverse("search_select", args=["futures-cities"]), {"q": "dak", "format": "json"})
    assert answer.json() == {"results": [{"value": "dakar-test", "label": "Dakar Test"}]}
    partial = client.get(
        reverse("search_select", args=["futures-cities"]),
        {"field": "cities", "cities__q": "test", "cities": "dakar-test", "multiple": "1"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert partial.count('type="checkbox"') == 2 and 'value="dakar-test" checked' in partial


def test_the_strategies_page_searches_its_city_and_keeps_any_city_possible(client, published):
    page = client.get(reverse("futures:strategies")).content.decode()
    assert 'id="city" name="city"' not in page and 'name="city__q"' in page
    # without JavaScript: a search lists the matches, one of them picked filters the strategies
    page = client.get(reverse("futures:strategies") + "?city__q=dak&city__find=1").content.decode()
    assert 'value="dakar-test"' in page and 'value="lisbon-test"' not in page
    page = client.get(reverse("futures:strategies") + "?city=dakar-test").content.decode()
    assert 'value="dakar-test" checked' in page


def test_the_city_search_ignores_accents_and_case(client, published):
    answer = client.get(reverse("search_select", args=["futures-cities"]), {"q": "DÁKAR", "format": "json"})
    assert answer.json() == {"results": [{"value": "dakar-test", "label": "Dakar Test"}]}
