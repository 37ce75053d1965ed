import pytest

from metrohub.futures import selectors, storage
from metrohub.futures.models import City
from metrohub.futures.services import catalogue_load


@pytest.fixture(autouse=True)
def _releases_in_tmp(settings, tmp_path):
    """Every test writes its releases in a directory of its own, never in var/."""
    settings.METROHUB_FUTURES_DIR = tmp_path / "futures"
    yield
    storage.close_all()
    selectors._catalogue.cache_clear()


@pytest.fixture
def catalogue(db):
    catalogue_load()


@pytest.fixture
def cities(catalogue, city, other_city):
    """Two member cities tied to the registry (Dakar Test, Lisbon Test) and one non-member."""
    return [
        City.objects.create(code="dakar-test", name="Dakar Test", organisation=city, population=3_000_000,
                            latitude=14.7, longitude=-17.4),
        City.objects.create(code="lisbon-test", name="Lisbon Test", organisation=other_city,
                            population=500_000, latitude=38.7, longitude=-9.1),
        City.objects.create(code="elsewhere", name="Elsewhere", population=12_000_000),
    ]  # fmt: skip
