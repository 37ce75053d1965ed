"""The search-as-you-type choice (core/search_select.py): the endpoint htmx asks as one types,
permission-checked and short; and the plain search that works without JavaScript."""

import pytest
from django.urls import reverse

from metrohub.calls.models import Assignment
from metrohub.calls.tests.factories import make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.search_select import LIMIT
from metrohub.network.tests.factories import make_user

pytestmark = pytest.mark.django_db


def _search(client, **params):
    return client.get(reverse("search_select", args=["reviewers"]), params)


def test_the_matches_come_as_one_types_at_most_a_few(client, programs_staff):
    for n in range(LIMIT + 3):
        make_user("reviewer", username=f"rev-{n:02d}")
    make_user("reviewer", username="zora")
    client.force_login(programs_staff)
    page = _search(client, field="reviewer", reviewer__q="rev-").content.decode()
    assert page.count('type="radio"') == LIMIT
    assert f"The first {LIMIT} matches: type more to narrow them." in page
    assert "zora" not in page
    page = _search(client, field="reviewer", reviewer__q="zor").content.decode()
    assert page.count('type="radio"') == 1 and 'value="' in page and "zora" in page
    assert (
        "No match for “nobody”." in _search(client, field="reviewer", reviewer__q="nobody").content.decode()
    )


def test_a_chosen_value_stays_chosen_while_one_types_on(client, programs_staff):
    zora = make_user("reviewer", username="zora")
    make_user("reviewer", username="rita")
    client.force_login(programs_staff)
    page = _search(client, field="reviewer", reviewer__q="rit", reviewer=zora.pk).content.decode()
    assert f'value="{zora.pk}" checked' in page and "rita" in page


def test_the_matches_come_as_json_too(client, programs_staff):
    zora = make_user("reviewer", username="zora")
    client.force_login(programs_staff)
    answer = _search(client, q="zo", format="json").json()
    assert answer == {"results": [{"value": str(zora.pk), "label": "zora"}]}


def test_only_those_who_may_choose_may_search(client, focal_point):
    make_user("reviewer", username="zora")
    assert _search(client, q="zo").status_code in (302, 403)  # anonymous: to the login page
    client.force_login(focal_point)
    response = _search(client, q="zo")
    assert response.status_code == 403 and "zora" not in response.content.decode()
    assert client.get(reverse("search_select", args=["nothing-here"])).status_code in (403, 404)


def test_without_javascript_the_search_button_lists_matches_to_pick(client, programs_staff, city):
    zora = make_user("reviewer", username="zora")
    application = make_application(make_call(), city, status=Status.IN_REVIEW)
    client.force_login(programs_staff)
    assign = reverse("calls:application_assign", args=[application.pk])
    response = client.post(assign, {"reviewer__q": "zo", "reviewer__find": "1"})
    assert not Assignment.objects.exists()
    page = client.get(response.url).content.decode()
    assert 'value="zo"' in page  # the query, as typed
    assert f'type="radio" name="reviewer" id="id_reviewer-1" value="{zora.pk}"' in page
    client.post(assign, {"reviewer__q": "zo", "reviewer": zora.pk, "assign": "1"})
    assert Assignment.objects.get().reviewer == zora


def test_no_page_offers_a_select_of_every_reviewer(client, programs_staff, city):
    make_user("reviewer", username="zora")
    application = make_application(make_call(), city, status=Status.IN_REVIEW)
    client.force_login(programs_staff)
    page = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert '<select name="reviewer"' not in page and 'name="reviewer__q"' in page
    assert "zora" not in page  # nobody is listed before one types


def test_organisations_are_searched_by_the_secretariat_and_an_optional_choice_offers_none(
    client, membership_staff, focal_point, city, other_city
):
    url = reverse("search_select", args=["organisations"])
    params = {"field": "featured", "featured__q": "lisb", "blank": "1"}
    client.force_login(focal_point)
    assert client.get(url, params).status_code == 403
    client.force_login(membership_staff)
    page = client.get(url, params).content.decode()
    assert "Lisbon Test" in page and "Dakar Test" not in page
    assert 'name="featured" id="id_featured-0" value="" checked' in page  # “none”, chosen while nothing is
