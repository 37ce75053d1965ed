"""The whole OpenAPI document: every operation is described, and no input makes any of them
answer with a server error (schemathesis generates the inputs from the document itself).

Metro Futures' operations get their own run with a published release
(`metrohub/futures/tests/test_api_schema.py`); here every other operation runs against the
records the permission matrix builds.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from metrohub.core.tests.test_permission_matrix import iter_matrix_modules


@pytest.fixture
def api_schema(db, city):
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    for module in iter_matrix_modules():
        module.samples()
    # As Django's test client does: a request must not close the test's connection (PostgreSQL).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_is_described(client):
    document = client.get("/api/v1/openapi.json").json()
    undescribed = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if not operation.get("summary") or "200" not in operation.get("responses", {})
    ]
    assert undescribed == []


def test_no_operation_answers_with_a_server_error(api_schema):
    checked, failures = 0, []
    for result in api_schema.exclude(path_regex="/futures/").get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def never_a_server_error(case):
            response = case.call()
            what = f"{case.method} {case.path} {case.query}"
            assert response.status_code < 500, f"{what}: {response.text[:300]}"

        try:
            never_a_server_error()
        except AssertionError as failure:  # go on: the message lists every operation that fails
            failures.append(str(failure).splitlines()[0])
        checked += 1
    assert failures == []
    assert checked >= 15
