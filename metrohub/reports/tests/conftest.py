import pytest

from metrohub.core.datasets import load_year


@pytest.fixture
def data_2024(db):
    return load_year(2024)
