"""The pages of calls, as each role and each city sees them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrohub.calls import services
from metrohub.calls.models import Application, Attachment, Transition
from metrohub.calls.tests.factories import complete_answers, make_application, make_call
from metrohub.calls.workflow import Status
from metrohub.core.models import Region
from metrohub.network.tests.factories import make_user


def test_the_portal_lists_open_calls_with_why_not_for_the_others(client, focal_point, city):
    # given one call the city may apply to and one for another region
    make_call(title="Open to all")
    make_call(title="Asia only", regions=[Region.objects.get(code="asia")])
    client.force_login(focal_point)
    # when the focal point opens their portal
    page = client.get(reverse("calls:portal")).content.decode()
    # then the first offers to apply and the second says why not
    assert "Open to all" in page and "Start an application" in page
    assert "Why you cannot apply:" in page
    assert "This call is open to organisations of: Asia" in page


def test_the_organisation_page_of_the_focal_point_shows_the_calls(client, focal_point, city):
    make_call(title="Open to all")
    client.force_login(focal_point)
    page = client.get(reverse("network:portal"), follow=True).content.decode()
    assert "Calls for applications" in page and "Open to all" in page


def test_a_focal_point_applies_edits_uploads_and_submits_through_the_pages(client, focal_point, lab_call):
    client.force_login(focal_point)
    response = client.post(reverse("calls:apply", args=[lab_call.pk]))
    application = Application.objects.get()
    assert response.url == reverse("calls:application_edit", args=[application.pk])
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    client.post(reverse("calls:attachment_upload", args=[application.pk]), {"file": upload})
    assert Attachment.objects.filter(application=application).count() == 1
    data = {**complete_answers(lab_call), "submit": "1"}
    response = client.post(reverse("calls:application_edit", args=[application.pk]), data, follow=True)
    # the answers are saved, then a confirmation asks first; only its Confirm submits
    page = response.content.decode()
    assert "Submit the application of" in page and "can no longer be changed" in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    transition = reverse("calls:application_transition", args=[application.pk, "submit"])
    assert f'action="{transition}"' in page
    response = client.post(transition, {"confirmed": "1"}, follow=True)
    assert "Your application was submitted." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_a_file_of_the_wrong_type_is_refused_on_the_page_with_its_reason(client, focal_point, lab_call):
    client.force_login(focal_point)
    client.post(reverse("calls:apply", args=[lab_call.pk]))
    application = Application.objects.get()
    upload = SimpleUploadedFile("virus.exe", b"MZ")
    response = client.post(
        reverse("calls:attachment_upload", args=[application.pk]), {"file": upload}, follow=True
    )
    assert "is not a file type this call accepts" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_submission_with_answers_missing_says_which_on_the_page(client, focal_point, lab_call):
    client.force_login(focal_point)
    client.post(reverse("calls:apply", args=[lab_call.pk]))
    application = Application.objects.get()
    response = client.post(reverse("calls:application_edit", args=[application.pk]), {"submit": "1"})
    assert response.status_code == 400
    assert "“What is the project?” needs an answer." in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_a_focal_point_sees_only_their_citys_applications(client, lab_call, city, other_city):
    mine = make_application(lab_call, city, status=Status.SUBMITTED)
    theirs = make_application(lab_call, other_city, status=Status.SUBMITTED)
    client.force_login(make_user("focal_point", organisation=city))
    assert client.get(reverse("calls:application", args=[mine.pk])).status_code == 200
    assert client.get(reverse("calls:application", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("calls:applications")).status_code == 403


def test_a_reviewer_sees_only_their_assignments(client, lab_call, city, other_city, programs_staff, reviewer):
    assigned = make_application(lab_call, city, status=Status.IN_REVIEW)
    other = make_application(lab_call, other_city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=assigned, reviewer=reviewer)
    someone = make_user("reviewer")
    theirs = services.assignment_create(actor=programs_staff, application=other, reviewer=someone)
    client.force_login(reviewer)
    page = client.get(reverse("calls:assignments")).content.decode()
    assert city.name in page and other_city.name not in page
    assert client.get(reverse("calls:application", args=[assigned.pk])).status_code == 200
    assert client.get(reverse("calls:application", args=[other.pk])).status_code == 403
    assert client.get(reverse("calls:assignment", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("calls:assignment", args=[assignment.pk])).status_code == 200


def test_the_reviewer_declares_then_scores_through_the_page(client, lab_call, city, programs_staff, reviewer):
    application = make_application(lab_call, city, status=Status.IN_REVIEW)
    assignment = services.assignment_create(actor=programs_staff, application=application, reviewer=reviewer)
    client.force_login(reviewer)
    url = reverse("calls:assignment", args=[assignment.pk])
    client.post(url, {"declare": "1", "conflict": "no"})
    scores = {f"c{c.pk}": 4 for c in lab_call.criteria.all()}
    response = client.post(url, {"score": "1", **scores, "comment": "Solid."})
    assert response.status_code == 302
    assert assignment.review.weighted_score == 80


def test_staff_see_only_the_buttons_their_role_may_press(client, lab_call, city):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    url = reverse("calls:application", args=[application.pk])
    client.force_login(make_user("programs"))
    assert "Confirm eligibility" in client.get(url).content.decode()
    client.force_login(make_user("finance"))
    page = client.get(url).content.decode()
    assert f'action="/calls/applications/{application.pk}/check_eligibility/"' not in page


def test_a_transition_refused_on_the_page_says_why_and_changes_nothing(client, lab_call, city):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    client.force_login(make_user("finance"))
    response = client.post(
        reverse("calls:application_transition", args=[application.pk, "select"]),
        {"confirmed": "1"},
        follow=True,
    )
    assert "cannot be taken from the state" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert Transition.objects.filter(application=application).count() == 1


def test_programs_staff_move_an_application_and_the_history_shows_it(client, lab_call, city, programs_staff):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    client.force_login(programs_staff)
    page = client.post(
        reverse("calls:application_transition", args=[application.pk, "check_eligibility"]),
        {"note": "All good"},
        follow=True,
    ).content.decode()
    assert "Eligibility checked" in page and "All good" in page
    # the message is a sentence, not "Done: Confirm eligibility."
    assert "The application was found eligible." in page
    assert "Done:" not in page
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    page = client.post(
        reverse("calls:application_transition", args=[application.pk, "start_review"]), follow=True
    ).content.decode()
    assert "La candidature a été envoyée en évaluation." in page


def test_the_applications_list_filters_and_exports(client, lab_call, city, other_city, programs_staff):
    make_application(lab_call, city, status=Status.SUBMITTED)
    make_application(lab_call, other_city, status=Status.DRAFT)
    client.force_login(programs_staff)
    page = client.get(reverse("calls:applications"), {"status": "submitted"}).content.decode()
    assert city.name in page and other_city.name not in page
    response = client.get(reverse("calls:applications_export", args=["csv"]), {"status": "submitted"})
    body = b"".join(response.streaming_content).decode()
    assert city.name in body and other_city.name not in body


def test_staff_define_questions_and_rubric_without_code(client, programs_staff, lab_call):
    client.force_login(programs_staff)
    client.post(
        reverse("calls:call_questions", args=[lab_call.pk]),
        {"label": "Budget in EUR", "kind": "number", "required": "on"},
    )
    client.post(
        reverse("calls:call_criteria", args=[lab_call.pk]),
        {"name": "Innovation", "weight": 2, "max_score": 5},
    )
    assert lab_call.questions.filter(label="Budget in EUR", kind="number").exists()
    assert lab_call.criteria.filter(name="Innovation", weight=2).exists()


def test_staff_create_a_call_with_its_eligibility(client, programs_staff):
    client.force_login(programs_staff)
    response = client.post(
        reverse("calls:call_create"),
        {
            "title": "New Lab",
            "programme": "solutions-labs",
            "themes": ["gender-equality"],
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-02-01T18:00",
            "eligible_categories": ["full"],
            "eligible_regions": [Region.objects.get(code="africa").pk],
            "allowed_file_types": ["pdf"],
            "max_file_size_mb": 5,
            "published": "on",
            "requires_good_standing": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from metrohub.calls.models import Call

    call = Call.objects.get(title="New Lab")
    assert call.eligible_categories == ["full"]
    assert [r.code for r in call.eligible_regions.all()] == ["africa"]


def test_a_call_closing_before_it_opens_is_refused(client, programs_staff):
    client.force_login(programs_staff)
    response = client.post(
        reverse("calls:call_create"),
        {
            "title": "Backwards",
            "programme": "other",
            "opens_at": "2030-02-01T09:00",
            "closes_at": "2030-01-01T09:00",
        },
    )
    assert response.status_code == 400
    assert "A call closes after it opens." in response.content.decode()


@pytest.mark.parametrize("role", ["finance", "policy", "reviewer"])
def test_only_programme_staff_edit_calls(client, lab_call, role):
    client.force_login(make_user(role))
    assert client.get(reverse("calls:call_edit", args=[lab_call.pk])).status_code == 403


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("admin", True),
        ("programs", True),
        ("finance", True),
        ("membership", True),
        ("reviewer", False),
        ("focal_point", False),
    ],
)
def test_an_application_page_per_role(client, lab_call, city, other_city, role, sees):
    application = make_application(lab_call, city, status=Status.SUBMITTED)
    client.force_login(make_user(role, organisation=other_city if role == "focal_point" else None))
    assert client.get(reverse("calls:application", args=[application.pk])).status_code == (
        200 if sees else 403
    )
    api = client.get(f"/api/v1/calls/applications/{application.pk}")
    assert api.status_code == (200 if sees else 403)


def test_the_call_page_counts_its_applications_by_status_or_says_there_are_none(
    client, lab_call, city, other_city, programs_staff
):
    client.force_login(programs_staff)
    url = reverse("calls:call", args=[lab_call.pk])
    assert "No application yet." in client.get(url).content.decode()
    make_application(lab_call, city, status=Status.SUBMITTED)
    make_application(lab_call, other_city, status=Status.SUBMITTED)
    page = client.get(url).content.decode()
    assert "<li>Submitted: 2</li>" in page
    assert "No application yet." not in page
