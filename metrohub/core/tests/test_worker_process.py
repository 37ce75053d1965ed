"""After the demo's setup, a newsletter sent from its page is delivered by a real task worker: the
`manage.py db_worker` process, on the test's database, with Django's file mail backend (the
demo's). The issue's page then says it was sent, with its progress.

On PostgreSQL the worker opens the test database itself. SQLite's test database lives in this
process's memory, so the worker gets a copy of it in a file, and the file is copied back after."""

import contextlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from metrohub.comms import demo
from metrohub.comms.models import Delivery, Issue
from metrohub.network.tests.factories import make_user

ROOT = Path(django_settings.BASE_DIR)


def _postgres_url(db: dict) -> str:
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{at}{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


@contextlib.contextmanager
def database_for_another_process(tmp_path):
    """The DATABASE_URL under which another process sees this test's database."""
    if connection.vendor != "sqlite":
        yield _postgres_url(connection.settings_dict)
        return
    copy = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    target.close()
    yield f"sqlite:///{copy}"
    source = sqlite3.connect(copy)
    source.backup(connection.connection)
    source.close()


def run_db_worker(database_url: str, mail_dir: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
    }
    command = [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_newsletter_sent_from_its_page_is_delivered_by_the_db_worker_process(client, settings, tmp_path):
    # given the demo's communications records (three confirmed subscribers, a draft issue)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    demo.generate(year=2024)
    issue = Issue.objects.get(synthetic=True)
    client.force_login(make_user("communications", username="communications"))
    # when the communications team sends it from its page
    response = client.post(reverse("comms:issue_send", args=[issue.pk]), {"confirmed": "1"}, follow=True)
    page = response.content.decode()
    assert "The issue is being sent to the confirmed subscribers." in page
    # then, before any worker, the page says it waits
    assert 'data-state="READY"' in page and "Waiting for the task worker to take it up." in page
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENDING
    # and once the worker process has run, the mail has left and the issue is sent
    mail_dir = tmp_path / "mail"
    with database_for_another_process(tmp_path) as database_url:
        worker = run_db_worker(database_url, mail_dir)
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT
    sent_to = sorted(Delivery.objects.filter(status=Delivery.Status.SENT).values_list("email", flat=True))
    assert sent_to == ["amara@example.org", "bruno@example.org", "chloe@example.org"]
    written = "".join(path.read_text() for path in mail_dir.iterdir())
    assert written.count("Subject: Metropolis newsletter #") == 3
    assert "To: amara@example.org" in written and "dmitri@example.org" not in written
    page = client.get(reverse("comms:issue_detail", args=[issue.pk])).content.decode()
    assert 'data-state="SUCCESSFUL"' in page and "3 of 3 sent" in page
    assert '<span id="issue-status">Sent</span>' in page
