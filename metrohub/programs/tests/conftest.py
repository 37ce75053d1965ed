import pytest

from metrohub.network.tests.factories import make_user
from metrohub.programs.tests.factories import make_lab


@pytest.fixture
def lab(db):
    return make_lab()


@pytest.fixture
def programs_staff(db):
    return make_user("programs", username="prog")
