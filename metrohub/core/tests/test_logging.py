import json
import logging

from metrohub.core.logging import JsonFormatter


def test_log_lines_are_json_with_the_request_path():
    class Request:
        path, method = "/registry/", "GET"

    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Forbidden: %s", ("/registry/",), None
    )
    record.request, record.status_code = Request(), 403
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "Forbidden: /registry/"
    assert (line["level"], line["path"], line["status_code"]) == ("WARNING", "/registry/", 403)


def test_health_answers_with_the_database_it_reached(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_a_missing_page_gets_a_friendly_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Nothing here" in response.content.decode()
    assert "Back to the start page" in response.content.decode()
