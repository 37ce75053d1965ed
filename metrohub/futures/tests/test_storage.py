import duckdb
import pytest

from metrohub.futures.storage import QueryTooBroad, time_limited


def test_a_query_running_past_its_time_limit_is_interrupted_with_a_clear_message():
    con = duckdb.connect()
    with pytest.raises(QueryTooBroad, match="longer than"), time_limited(con, seconds=0.2) as cursor:
        cursor.execute("SELECT count(*) FROM range(1000000000000) a").fetchone()
    # and the next query on the connection runs as usual
    with time_limited(con) as cursor:
        assert cursor.execute("SELECT 42").fetchone() == (42,)
    con.close()
