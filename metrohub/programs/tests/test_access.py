"""Who sees and changes what: participants' personal data stay with the programs team; a focal
point answers only the survey of a lab their city took part in; anonymous answers keep no one."""

import pytest
from django.urls import reverse

from metrohub.core.errors import NotAllowed
from metrohub.network.tests.factories import make_user
from metrohub.programs import services
from metrohub.programs.models import Answer, CohortMember, Participant, Response
from metrohub.programs.tests.factories import add_city, add_participant, make_survey

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_see_the_lab_but_no_participant_s_personal_data(client, lab):
    add_participant(lab, name="Amina Secretname", gender="woman")
    response = client.get(reverse("programs:lab_detail", args=[lab.pk]))
    assert response.status_code == 200
    assert lab.title in response.text
    assert "Amina Secretname" not in response.text
    assert 'data-figure="gender-woman">1<' in response.text  # the aggregate is public
    for url in [reverse("programs:participant_list"), reverse("programs:participant_export", args=["csv"])]:
        assert client.get(url).status_code == 302  # to the login page
    assert client.get("/api/v1/programs/participants").status_code == 403
    assert "Amina Secretname" not in client.get("/api/v1/programs/labs").text


@pytest.mark.parametrize("role", ["membership", "policy", "finance", "reviewer"])
def test_other_staff_neither_see_participants_nor_edit(client, lab, role):
    add_participant(lab, name="Amina Secretname")
    client.force_login(make_user(role))
    assert client.get(reverse("programs:participant_list")).status_code == 403
    assert client.get(reverse("programs:participant_add", args=[lab.pk])).status_code == 403
    with pytest.raises(
        NotAllowed, match="Only the programs team and administrators change the labs' records"
    ):
        services.participant_add(actor=make_user(role, username=f"{role}2"), lab=lab, name="X")


def test_programs_staff_add_a_participant_through_the_form(client, lab, programs_staff, city):
    client.force_login(programs_staff)
    response = client.post(
        reverse("programs:participant_add", args=[lab.pk]),
        {"name": "Fatou Diop", "organisation": city.pk, "role": "participant", "gender": "woman"},
    )
    assert response.status_code == 302
    participant = Participant.objects.get(name="Fatou Diop")
    assert participant.history.first().history_user == programs_staff
    export = client.get(reverse("programs:participant_export", args=["csv"]))
    assert "Fatou Diop" in b"".join(export.streaming_content).decode()


def test_a_bad_participant_form_says_what_is_wrong_and_saves_nothing(client, lab, programs_staff):
    client.force_login(programs_staff)
    response = client.post(
        reverse("programs:participant_add", args=[lab.pk]),
        {"name": "", "role": "participant", "gender": "man", "gender_description": "x"},
    )
    assert response.status_code == 200
    assert "Give the participant" in response.text
    assert not Participant.objects.exists()


def test_staff_record_cohort_session_and_attendance(client, lab, programs_staff, city):
    client.force_login(programs_staff)
    client.post(reverse("programs:cohort_add", args=[lab.pk]), {"organisation": city.pk, "role": "host"})
    assert CohortMember.objects.get(lab=lab).role == "host"
    # an in-person session without a place is refused
    response = client.post(reverse("programs:session_add", args=[lab.pk]), {"mode": "in_person"})
    assert "needs a place" in response.text
    client.post(reverse("programs:session_add", args=[lab.pk]), {"mode": "in_person", "place": "Istanbul"})
    session = lab.sessions.get()
    present = add_participant(lab, name="Present")
    add_participant(lab, name="Absent")
    client.post(reverse("programs:attendance", args=[session.pk]), {"participants": [present.pk]})
    assert list(session.attendance.values_list("participant__name", flat=True)) == ["Present"]
    page = client.get(reverse("programs:lab_detail", args=[lab.pk]))
    assert "Istanbul" in page.text and city.name in page.text


def test_a_focal_point_answers_only_for_a_lab_their_city_took_part_in(
    client, lab, focal_point, city, other_city
):
    survey = make_survey(lab)
    url = reverse("programs:survey_answer", args=[lab.pk])
    client.force_login(focal_point)
    # not in the cohort yet: refused
    assert client.get(url).status_code == 403
    add_city(lab, other_city)
    assert client.get(url).status_code == 403
    # their city takes part: they answer under their name
    add_city(lab, city)
    overall, _useful, change = survey.questions.all()
    response = client.post(url, {f"score_{overall.pk}": "4", f"comment_{change.pk}": "More time"})
    assert response.status_code == 302
    sheet = Response.objects.get()
    assert (sheet.respondent, sheet.organisation, sheet.anonymous) == (focal_point, city, False)
    # a second named answer is refused and changes nothing
    response = client.post(url, {f"score_{overall.pk}": "1"})
    assert "already answered" in response.text
    assert Response.objects.count() == 1


def test_an_anonymous_answer_keeps_neither_the_person_nor_the_city(client, lab, focal_point, city):
    survey = make_survey(lab)
    add_city(lab, city)
    overall = survey.questions.first()
    client.force_login(focal_point)
    client.post(
        reverse("programs:survey_answer", args=[lab.pk]), {f"score_{overall.pk}": "5", "anonymous": "on"}
    )
    sheet = Response.objects.get()
    assert sheet.anonymous and sheet.respondent is None and sheet.organisation is None
    assert Answer.objects.get().score == 5


def test_a_score_out_of_range_or_an_empty_sheet_is_refused(lab, focal_point, city):
    survey = make_survey(lab)
    add_city(lab, city)
    overall = survey.questions.first()
    from metrohub.core.errors import DomainError

    with pytest.raises(DomainError, match=r"“Overall\?”: choose a score from 1 to 5"):
        services.survey_answer(
            actor=focal_point, survey=survey, scores={overall.pk: 6}, comments={}, anonymous=False
        )
    with pytest.raises(DomainError, match="The answer sheet is empty: nothing was recorded"):
        services.survey_answer(actor=focal_point, survey=survey, scores={}, comments={}, anonymous=False)
    assert not Response.objects.exists()


def test_programs_staff_add_a_lab_and_a_course_edition(client, programs_staff):
    from metrohub.core.models import ThematicPriority
    from metrohub.programs.models import Course, Lab

    client.force_login(programs_staff)
    gender = ThematicPriority.objects.get(code="gender-equality")
    response = client.post(
        reverse("programs:lab_add"), {"title": "Care Lab", "year": 2025, "priorities": [gender.pk]}
    )
    lab = Lab.objects.get(title="Care Lab")
    assert response["Location"] == reverse("programs:lab_detail", args=[lab.pk])
    assert list(lab.priorities.all()) == [gender]
    course = Course.objects.create(title="Diploma")
    url = reverse("programs:edition_add", args=[course.pk])
    # attendance above enrolment is refused, and nothing is saved
    response = client.post(url, {"number": 3, "year": 2025, "enrolment": 10, "attendance": 12})
    assert "cannot exceed enrolment" in response.text
    assert not course.editions.exists()
    client.post(url, {"number": 3, "year": 2025, "enrolment": 10, "attendance": 9})
    assert course.editions.get().attendance == 9


def test_the_portal_selector_lists_the_labs_of_a_city_with_its_role(lab, city, other_city):
    from metrohub.programs.selectors import labs_of_organisation

    add_city(lab, city, role=CohortMember.Role.HOST)
    assert [(found, found.role) for found in labs_of_organisation(city.pk)] == [(lab, "host")]
    assert not labs_of_organisation(other_city.pk).exists()
