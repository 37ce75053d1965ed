import pytest

from metrohub.calls.tests.factories import make_call
from metrohub.network.tests.factories import make_user


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings, tmp_path):
    """Mail goes out as soon as it is queued, and uploaded files land in a scratch folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def programs_staff(db):
    return make_user("programs")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", username="rita")


@pytest.fixture
def lab_call(db):
    return make_call(title="Solutions Lab: Water")
