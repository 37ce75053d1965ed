"""Adding and changing staff and levels through the pages: bad input says what is wrong and saves
nothing; good input is saved through the services, with history naming who changed it."""

import pytest
from django.urls import reverse

from metrohub.core.errors import NotAllowed
from metrohub.network.tests.factories import make_user
from metrohub.people.models import Level, StaffMember
from metrohub.people.services import level_update, staff_create
from metrohub.people.tests.factories import LevelFactory, StaffMemberFactory

VALID = {"name": "Amina Yusuf", "position": "Policy Officer", "outside_headquarters": "unknown"}


def test_hr_adds_a_staff_member_and_history_names_them(hr_client, hr_staff):
    # given
    level = LevelFactory(name="Officer")
    # when
    response = hr_client.post(
        reverse("people:staff_add"),
        {
            **VALID,
            "level": level.pk,
            "country": "ke",
            "city": "Nairobi",
            "work_arrangement": "remote",
            "outside_headquarters": "true",
            "start": "2024-03-01",
        },
    )
    # then
    staff = StaffMember.objects.get(name="Amina Yusuf")
    assert response.status_code == 302 and response["Location"] == reverse(
        "people:staff_detail", args=[staff.pk]
    )
    assert (staff.country, staff.level, staff.outside_headquarters) == ("KE", level, True)
    assert staff.history.get().history_user == hr_staff


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"start": "2024-05-01", "end": "2024-01-31"}, "end", "The end date comes before the start date."),
        ({"country": "XX"}, "country", "“XX” is not an ISO 3166-1 alpha-2 country code."),
        ({"start": "31/02/2024"}, "start", "Enter a valid date."),
        ({"work_arrangement": "four-day week"}, "work_arrangement", "Select a valid choice."),
        ({"in_kind_from": "Barcelona City Council"}, "in_kind", "Tick “provided in kind”"),
    ],
)
def test_bad_input_says_what_is_wrong_and_saves_nothing(hr_client, bad, field, message):
    # when
    response = hr_client.post(reverse("people:staff_add"), {**VALID, **bad})
    # then the page is shown again, naming the field and the problem
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert "Nothing was saved" in response.content.decode()
    # and nothing was written
    assert not StaffMember.objects.exists()


def test_a_bad_edit_leaves_the_record_as_it_was(hr_client):
    staff = StaffMemberFactory(name="Kept Name", position="Policy Officer")
    response = hr_client.post(
        reverse("people:staff_edit", args=[staff.pk]),
        {"name": "Other Name", "position": "Policy Officer", "start": "2024-05-01", "end": "2023-01-01"},
    )
    assert response.status_code == 200
    staff.refresh_from_db()
    assert staff.name == "Kept Name"
    assert staff.history.count() == 1


def test_hr_writes_the_criteria_of_a_level(hr_client, hr_staff):
    # given a level without criteria
    level = LevelFactory(name="Associate Officer", rank=3, introduced_in=2024, source="Report — New role")
    # when HR writes them
    response = hr_client.post(
        reverse("people:level_edit", args=[level.pk]),
        {
            "name": "Associate Officer",
            "rank": 3,
            "criteria": "Criteria written by HR.",
            "introduced_in": 2024,
            "source": "Report — New role",
        },
    )
    # then they are saved, shown on the levels page, and history names HR
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.criteria == "Criteria written by HR."
    assert level.history.first().history_user == hr_staff
    assert "Criteria written by HR." in hr_client.get(reverse("people:levels")).content.decode()


def test_a_level_cannot_take_the_rank_of_another(hr_client):
    LevelFactory(name="Officer", rank=4)
    response = hr_client.post(reverse("people:level_add"), {"name": "Senior Officer", "rank": 4})
    assert response.status_code == 200
    assert "rank" in response.content.decode()
    assert not Level.objects.filter(name="Senior Officer").exists()


def test_services_refuse_an_actor_who_is_not_hr(db):
    level = LevelFactory()
    finance = make_user("finance")
    with pytest.raises(NotAllowed, match="Only human resources and administrators change staff records"):
        staff_create(actor=finance, name="Someone", position="Officer")
    with pytest.raises(NotAllowed, match="Only human resources and administrators change staff records"):
        level_update(actor=finance, level=level, criteria="Anything")
    assert not StaffMember.objects.exists()
    level.refresh_from_db()
    assert level.criteria == ""
