"""Issue 17: web nodes keep no state of their own. Two gunicorn nodes — separate processes with
separate data folders, one database, one Redis (REDIS_URL) — share the lockout: five failed logins
spread over both lock the account on both, through the real login form over HTTP. The count lives
in Redis (django-axes' cache handler), not in either process nor in the database.

Redis must answer on 127.0.0.1:6379, else these tests skip saying how to start it; with
METROHUB_REQUIRE_REDIS=1 (CI) they fail instead.
"""

import os
import secrets
import socket
import tempfile
from pathlib import Path

import pytest

from tests.security.conftest import PASSWORD, LiveSite
from tests.security.test_login import LOCKED_OUT, password_step

REDIS = ("127.0.0.1", 6379)


def redis_missing() -> str | None:
    try:
        with socket.create_connection(REDIS, timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(16).startswith(b"+PONG"):
                return None
    except OSError:
        pass
    return (
        "Redis does not answer on 127.0.0.1:6379: start it with `redis-server --daemonize yes` "
        "(Debian: `apt-get install redis-server`)."
    )


@pytest.fixture(scope="module")
def nodes(site_factory):
    """Node A and node B: two gunicorns on one database and one Redis, each its own data folder."""
    reason = redis_missing()
    if reason:
        if os.environ.get("METROHUB_REQUIRE_REDIS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    prefix = f"metrohub-test-{secrets.token_hex(4)}"
    shared = {"REDIS_URL": "redis://127.0.0.1:6379/0", "METROHUB_CACHE_KEY_PREFIX": prefix}
    node_a = site_factory("node-a", **shared)
    workdir = Path(tempfile.mkdtemp(prefix="metrohub-node-b-"))
    node_b = LiveSite(name="node-b", workdir=workdir, database_url=node_a.database_url)
    node_b.env = {**node_a.env, "METROHUB_VAR_DIR": str(workdir / "var")}
    node_b.start()
    yield node_a, node_b, prefix
    node_b.stop()
    import redis

    client = redis.Redis(*REDIS)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_five_failed_logins_spread_over_two_nodes_lock_the_account_on_both(nodes):
    node_a, node_b, prefix = nodes
    assert node_a.var_dir != node_b.var_dir and node_a.process.pid != node_b.process.pid
    # given a focal point, and a client guessing her password on node A, then B, then A…
    user = node_a.user("focal_point")
    on_a, on_b = node_a.browser(), node_b.browser()
    for browser in (on_a, on_b, on_a, on_b, on_a):
        password_step(browser, user.username, "wrong-password")
    # when the right password comes next, on either node
    for browser in (on_b, on_a):
        response = password_step(browser, user.username, PASSWORD)
        # then both answer with the lockout page (429): neither kept a count of its own
        assert response.status_code == 429, response.text[:500]
        assert LOCKED_OUT in response.text
    # and the count is in Redis, under this deployment's prefix, not in the database
    import redis

    keys = [key.decode() for key in redis.Redis(*REDIS).scan_iter(f"{prefix}:*")]
    assert any("axes" in key for key in keys), keys
    assert node_a.run("from axes.models import AccessAttempt\nresult = AccessAttempt.objects.count()") == 0


def test_four_failures_over_two_nodes_do_not_lock_and_the_right_password_logs_in(nodes):
    # the control: the count is exactly the failures, wherever they happened
    node_a, node_b, _prefix = nodes
    user = node_a.user("focal_point")
    on_a, on_b = node_a.browser(), node_b.browser()
    for browser in (on_a, on_b, on_a, on_b):
        password_step(browser, user.username, "wrong-password")
    on_b.login(user)  # fails unless the login went through
