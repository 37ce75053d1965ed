import pytest

from metrohub.calls.tests.factories import make_call


@pytest.fixture
def lab_call(db):
    return make_call(title="Solutions Lab: Water")
