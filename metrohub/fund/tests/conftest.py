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


@pytest.fixture
def finance_staff(db):
    return make_user("finance")


@pytest.fixture
def donor(db):
    from metrohub.network.models import Organisation
    from metrohub.network.tests.factories import OrganisationFactory

    return OrganisationFactory(name="Test Donor", slug="test-donor", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def fund(donor):
    from metrohub.fund.tests.factories import make_fund

    return make_fund(donor=donor, raised="150000")


@pytest.fixture
def fund_call(fund):
    return make_call(fund=fund, max_amount=100_000, title="Care grants")
