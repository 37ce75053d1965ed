import pytest

from metrohub.network.tests.factories import make_user


@pytest.fixture
def hr(db):
    return make_user("hr")


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client
