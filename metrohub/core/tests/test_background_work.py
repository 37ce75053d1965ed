"""Background work shows itself: a queued task has a state a person sees (queued, running with
its progress, done, failed with its reason), and the team it belongs to retries a failed one.

The worker here is django_tasks_db's own (`db_worker`'s Worker), run in this process on the
test's database; test_worker_process.py runs the real `manage.py db_worker` process."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from metrohub.calls.models import Application
from metrohub.calls.tests.factories import complete_answers, make_call
from metrohub.core.models import TaskProgress
from metrohub.core.work import reason_from
from metrohub.network.tests.factories import make_user

NOTIFY = "metrohub.calls.tasks.notify_applicant"


@pytest.fixture
def queue(settings, monkeypatch):
    """The database queue instead of the suite's immediate one, and a way to run its worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes stale connections between tasks; here that would be the test's own.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)

    def run_worker() -> None:
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run_worker


@pytest.fixture
def submitted(client, focal_point, queue, django_capture_on_commit_callbacks):
    """A focal point submitted an application through the page; its mail is queued."""
    focal_point.email = "focal@dakar.example"
    focal_point.save()
    call = make_call(title="Solutions Lab: Water")
    client.force_login(focal_point)
    client.post(reverse("calls:apply", args=[call.pk]))
    application = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("calls:application_edit", args=[application.pk]),
            {**complete_answers(call), "submit": "1"},
        )  # the answers are saved, then the submission asks to be confirmed
        submit = reverse("calls:application_transition", args=[application.pk, "submit"])
        client.post(submit, {"confirmed": "1"})
    return application, client.get(reverse("calls:application", args=[application.pk]))


def test_the_applicant_is_told_the_confirmation_is_on_its_way_and_sees_it_queued(submitted):
    _application, response = submitted
    page = response.content.decode()
    assert "We are sending you a confirmation." in page
    assert "We have sent" not in page
    # the mail waits for the worker, and the applicant's page says so
    assert DBTaskResult.objects.get().status == "READY"
    assert 'data-state="READY"' in page and "Waiting for the task worker to take it up." in page
    assert "Mail to Dakar Test&#x27;s applicants: Submitted" in page


def test_a_failed_mail_shows_its_reason_and_only_the_programs_team_retries_it(
    client, submitted, queue, monkeypatch, django_capture_on_commit_callbacks
):
    # given the mail server refuses the mail
    application, _response = submitted

    def refused(*args, **kwargs):
        raise smtplib.SMTPException("The mail server refused the connection")

    monkeypatch.setattr("metrohub.calls.tasks.send_mail", refused)
    # when the worker runs it
    queue()
    failed = DBTaskResult.objects.get()
    assert failed.status == "FAILED"
    # then the background-work page names the reason
    programs = make_user("programs", username="prog")
    client.force_login(programs)
    page = client.get(reverse("work:list"), {"status": "FAILED"}).content.decode()
    assert "The mail server refused the connection" in page
    assert "Mail to Dakar Test&#x27;s applicants: Submitted" in page
    # and so does the application's page, with the button to try again
    page = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert "Reason:" in page and "The mail server refused the connection" in page
    assert "Try again" in page
    # another team may not retry it: refused, nothing queued
    communications = make_user("communications", username="comms")
    client.force_login(communications)
    page = client.get(reverse("work:detail", args=[failed.pk])).content.decode()
    assert "The mail server refused the connection" in page and "Try again" not in page
    response = client.post(reverse("work:retry", args=[failed.pk]))
    assert response.status_code == 403
    assert "Only the programmes team and administrators run calls." in response.content.decode()
    assert DBTaskResult.objects.count() == 1
    # the programs team may: the mail is queued again, and goes once the server takes it
    client.force_login(programs)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("work:retry", args=[failed.pk]), follow=True)
    assert "The work was queued again." in response.content.decode()
    again = DBTaskResult.objects.exclude(pk=failed.pk).get()
    assert again.status == "READY" and again.task_path == NOTIFY
    assert TaskProgress.objects.get(result_id=failed.pk).retried_by == programs
    # a second retry of the same failure is refused with its reason
    response = client.post(reverse("work:retry", args=[failed.pk]), follow=True)
    assert "This work was already retried." in response.content.decode()
    monkeypatch.undo()
    queue_again = queue  # the fixture's worker, with the real send_mail back
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    queue_again()
    again.refresh_from_db()
    assert again.status == "SUCCESSFUL"
    assert [message.to for message in mail.outbox] == [["focal@dakar.example"]]


def test_the_applicant_is_not_shown_the_technical_reason(client, submitted, queue, monkeypatch, focal_point):
    application, _response = submitted
    monkeypatch.setattr(
        "metrohub.calls.tasks.send_mail",
        lambda *a, **k: (_ for _ in ()).throw(OSError("relay 10.0.0.5 down")),
    )
    queue()
    page = client.get(reverse("calls:application", args=[application.pk])).content.decode()
    assert 'data-state="FAILED"' in page
    assert "It could not be done. The secretariat has been told and can try again." in page
    assert "relay 10.0.0.5 down" not in page and "Try again" not in page


def test_the_list_and_its_twins_are_for_the_secretariat(client, submitted, queue, focal_point):
    queue()
    response = client.get(reverse("work:list"))
    assert response.status_code == 403  # the focal point is logged in
    client.force_login(make_user("communications", username="comms"))
    body = client.get(reverse("work:list"), {"format": "json", "kind": "mail"}).json()
    assert body["count"] == 1
    row = body["rows"][0]
    assert row["status"] == "Done" and row["kind"] == "Mail" and row["requested_by"] == "focal"
    assert client.get(reverse("work:list"), {"format": "json", "kind": "newsletter"}).json()["count"] == 0
    csv = b"".join(client.get(reverse("work:list"), {"format": "csv"}).streaming_content).decode()
    assert "Mail to Dakar Test's applicants: Submitted" in csv


def test_htmx_asks_for_the_status_part_alone_while_the_work_is_under_way(client, submitted, focal_point):
    # given the applicant's mail waits for the worker: the page polls its status part
    queued = DBTaskResult.objects.get()
    _application, response = submitted
    assert (
        f'hx-get="{reverse("work:detail", args=[queued.pk])}" hx-trigger="every 3s"'
        in response.content.decode()
    )
    # when htmx asks for it, from the application's page
    part = client.get(
        reverse("work:detail", args=[queued.pk]),
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/calls/applications/1/?x=1"},
    ).content.decode()
    # then it gets the part alone, whose plain link refreshes the page it is on
    assert "<html" not in part and 'data-state="READY"' in part
    assert 'href="/calls/applications/1/?x=1"' in part


def test_a_failures_reason_is_its_message():
    traceback = 'Traceback (most recent call last):\n  File "x.py", line 1\nsmtplib.SMTPException: refused\n'
    assert reason_from(traceback) == "refused"
    assert reason_from("Traceback...\nKeyboardInterrupt\n") == "KeyboardInterrupt"
