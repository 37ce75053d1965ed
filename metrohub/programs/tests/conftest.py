import pytest

from metrohub.programs.tests.factories import make_lab


@pytest.fixture
def lab(db):
    return make_lab()
