import pytest


@pytest.fixture
def hr_client(client, hr_staff):
    client.force_login(hr_staff)
    return client
