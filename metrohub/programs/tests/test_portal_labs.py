"""A focal point's organisation page lists the labs their city takes part in, with the survey."""

from django.urls import reverse

from metrohub.programs.tests.factories import add_city, make_lab, make_survey


def test_the_portal_lists_the_city_s_labs_and_links_their_survey(client, focal_point, city, other_city):
    with_survey = make_lab(title="Caring Cities Lab")
    add_city(with_survey, city)
    make_survey(with_survey)
    add_city(make_lab(title="Lab Without Survey"), city)
    add_city(make_lab(title="Another City's Lab"), other_city)

    client.force_login(focal_point)
    page = client.get(reverse("network:portal"), follow=True).content.decode()

    assert "Caring Cities Lab" in page and "Lab Without Survey" in page
    assert "Another City&#x27;s Lab" not in page and "Another City's Lab" not in page
    assert reverse("programs:survey_answer", args=[with_survey.pk]) in page
    assert page.count("/survey/answer/") == 1


def test_another_city_s_focal_point_does_not_see_them(client, city, other_city, user_with_role):
    add_city(make_lab(title="Caring Cities Lab"), city)
    client.force_login(user_with_role("focal_point", organisation=other_city, username="lisbon"))
    page = client.get(reverse("network:organisation", args=[city.pk]), follow=True).content.decode()
    assert "Caring Cities Lab" not in page
