import pytest

from metrohub.calls.tests.factories import make_call
from metrohub.network.tests.factories import make_user


@pytest.fixture
def programs_staff(db):
    return make_user("programs")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", username="rita")


@pytest.fixture
def lab_call(db):
    return make_call(title="Solutions Lab: Water")
