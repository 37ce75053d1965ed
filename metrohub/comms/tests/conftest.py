import pytest


@pytest.fixture
def immediate_tasks(settings):
    """Run tasks as soon as they are enqueued (the project's queue is the database backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def locmem_mail(settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mailoutbox
