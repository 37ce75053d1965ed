"""Schemathesis over the OpenAPI document: no input makes the API answer with a server error."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from metrohub.futures.services import observations_import, release_publish
from metrohub.futures.tests.helpers import GOOD_ROWS, tidy_csv


@pytest.fixture
def api_schema(cities, policy_staff):
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    observations_import(actor=policy_staff, file_name="a.csv", content=tidy_csv(GOOD_ROWS))
    release_publish(actor=policy_staff)
    # As Django's test client does: a request must not close the test's connection (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_futures_api_never_answers_with_a_server_error(api_schema):
    checked = 0
    for result in api_schema.include(path_regex="/futures/").get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def never_a_server_error(case):
            response = case.call()
            assert response.status_code < 500, (
                f"{case.method} {case.path} {case.query}: {response.text[:300]}"
            )

        never_a_server_error()
        checked += 1
    assert checked >= 8
