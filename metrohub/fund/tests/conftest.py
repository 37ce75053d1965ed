import pytest

# The calls' fixtures serve the fund's tests too.
from metrohub.calls.tests.conftest import lab_call  # noqa: F401
from metrohub.calls.tests.factories import make_call


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
