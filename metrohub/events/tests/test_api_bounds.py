"""An event id beyond what the database holds is refused with a 4xx, never a server error (found by
the OpenAPI fuzz test: 2**63 overflowed SQLite's integer)."""


def test_an_event_id_beyond_the_database_is_refused_not_a_server_error(client, db):
    assert client.get("/api/v1/events/panels?event=9223372036854775808").status_code in (400, 422)
    assert client.get("/api/v1/events/panels?event=3").status_code == 200
