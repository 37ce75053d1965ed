"""The application form keeps what was typed: through an upload, a removal, a refused submission,
and as the applicant types (the draft saved by itself)."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from metrohub.calls import services
from metrohub.calls.models import Application, Attachment
from metrohub.calls.tests.factories import make_call
from metrohub.calls.workflow import Status
from metrohub.core.permissions import SYSTEM


def _draft(client, focal_point, call) -> Application:
    client.force_login(focal_point)
    client.post(reverse("calls:apply", args=[call.pk]))
    return Application.objects.get()


def _keys(call):
    project, role = (q.key for q in call.questions.all())
    return project, role


def test_uploading_a_file_saves_the_answers_typed_with_it(client, focal_point, lab_call):
    application = _draft(client, focal_point, lab_call)
    project, role = _keys(lab_call)
    data = {"answers": "1", project: "Rain gardens", role: "host", "upload": "1"}
    data["file"] = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    response = client.post(reverse("calls:attachment_upload", args=[application.pk]), data, follow=True)
    page = response.content.decode()
    assert "The file was added." in page
    assert "Rain gardens" in page  # the form shows the saved draft
    application.refresh_from_db()
    assert application.answers == {project: "Rain gardens", role: "host"}
    assert Attachment.objects.filter(application=application).count() == 1


def test_an_upload_with_an_answer_that_does_not_fit_keeps_every_answer_and_adds_no_file(
    client, focal_point, lab_call
):
    application = _draft(client, focal_point, lab_call)
    project, role = _keys(lab_call)
    data = {"answers": "1", project: "Rain gardens", role: "neither", "upload": "1"}
    data["file"] = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    response = client.post(reverse("calls:attachment_upload", args=[application.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was done with the file: first correct the answers marked." in page
    assert "Rain gardens" in page
    assert 'aria-invalid="true"' in page and f'name="{role}"' in page
    assert not Attachment.objects.exists()


def test_removing_a_file_saves_the_answers_typed(client, focal_point, lab_call):
    application = _draft(client, focal_point, lab_call)
    attachment = services.attachment_add(
        actor=SYSTEM, application=application, upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")
    )
    project, _role = _keys(lab_call)
    data = {"answers": "1", project: "Shade trees", "remove": "1"}
    client.post(reverse("calls:attachment", args=[attachment.pk]), data)
    application.refresh_from_db()
    assert application.answers == {project: "Shade trees"}
    assert not Attachment.objects.exists()


def test_a_refused_submission_keeps_every_answer_marks_the_fault_and_saves_the_draft(client, focal_point, db):
    call = make_call(title="Fund call", max_amount=Decimal(50_000))
    application = _draft(client, focal_point, call)
    project, role = _keys(call)
    data = {"answers": "1", project: "Cool roofs", role: "learner", "amount_requested": "", "submit": "1"}
    response = client.post(reverse("calls:application_edit", args=[application.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Not submitted. Your answers were saved as a draft." in page
    assert "Say how much the project asks for." in page
    amount_input = (
        page.split('name="amount_requested"')[0].rsplit("<input", 1)[1]
        + page.split('name="amount_requested"')[1].split(">")[0]
    )
    assert "is-invalid" in amount_input and 'aria-invalid="true"' in amount_input  # marked, in red
    assert "Cool roofs" in page and 'value="learner" selected' in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.answers == {project: "Cool roofs", role: "learner"}


def test_a_submission_whose_answers_do_not_fit_keeps_what_was_typed(client, focal_point, lab_call):
    application = _draft(client, focal_point, lab_call)
    project, role = _keys(lab_call)
    data = {"answers": "1", project: "Cool roofs", role: "neither", "submit": "1"}
    response = client.post(reverse("calls:application_edit", args=[application.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Cool roofs" in page and "Not done: correct the answers marked below." in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_draft_saves_itself_and_says_so(client, focal_point, lab_call):
    application = _draft(client, focal_point, lab_call)
    project, _role = _keys(lab_call)
    url = reverse("calls:autosave", args=[application.pk])
    response = client.post(url, {"answers": "1", project: "Street trees"}, headers={"HX-Request": "true"})
    assert "Draft saved at" in response.content.decode()
    application.refresh_from_db()
    assert application.answers == {project: "Street trees"}
    page = client.get(reverse("calls:application_edit", args=[application.pk])).content.decode()
    assert "Street trees" in page


def test_the_autosave_of_a_submitted_application_changes_nothing_and_says_why(client, focal_point, lab_call):
    application = _draft(client, focal_point, lab_call)
    project, role = _keys(lab_call)
    client.post(
        reverse("calls:application_edit", args=[application.pk]),
        {project: "Ready", role: "host", "submit": "1"},
    )
    client.post(reverse("calls:application_transition", args=[application.pk, "submit"]), {"confirmed": "1"})
    url = reverse("calls:autosave", args=[application.pk])
    response = client.post(url, {"answers": "1", project: "Changed afterwards"})
    assert "Draft saved" not in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED and application.answers[project] == "Ready"
