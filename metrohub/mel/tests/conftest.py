import pytest

from metrohub.core.datasets import load_year
from metrohub.network.tests.factories import make_user


@pytest.fixture
def data_2024(db):
    return load_year(2024)


@pytest.fixture
def policy(db):
    return make_user("policy")
