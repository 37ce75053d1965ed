"""The doors: one way in (allauth, its limits, its second factor), a lockout that locks the one
client trying, and a production that refuses to start half-configured.

Issue 11, findings 1, 2, 3 and 12 (fail-open defaults), attacked over HTTP against gunicorn with
production settings. The lockout and rate-limit tests run on their own site behind a declared proxy
(`METROHUB_TRUSTED_PROXIES=1`, the documented nginx), each client with its own address, so that
their failures never spend the shared site's allowance for the other tests.
"""

import json
import secrets
import subprocess

import pytest

from tests.security.conftest import PASSWORD, PYTHON, ROOT, TOTP_SECRET, totp_code

STAFF_PAGES = ["/admin/", "/registry/", "/people/", "/finance/"]
LOCKED_OUT = "This account is locked for an hour"


def address() -> str:
    """A client address of the documentation range no other test uses."""
    return f"203.0.{secrets.randbelow(113)}.{secrets.randbelow(250) + 1}"


def admin_login(browser, username: str, password: str):
    """Post a password to Django's admin login form, as an attacker who knows the admin's URL."""
    return browser.submit(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        form_page="/accounts/login/",
    )


def password_step(browser, username: str, password: str, path: str = "/accounts/login/"):
    return browser.submit(path, {"login": username, "password": password}, form_page="/accounts/login/")


def axes_attempts(site, username: str, field: str) -> list:
    """What django-axes holds for `username`: one value of `field` per (username, address) count."""
    return site.run(
        "from axes.models import AccessAttempt\n"
        "rows = AccessAttempt.objects.filter(username=username)\n"
        "result = sorted(rows.values_list(field, flat=True))",
        username=username,
        field=field,
    )


@pytest.fixture(scope="module")
def proxied(site_factory):
    """A site behind one declared proxy: the client is the last X-Forwarded-For entry."""
    return site_factory("proxied", METROHUB_TRUSTED_PROXIES="1")


# 1. One way in ---------------------------------------------------------------------------------


@pytest.mark.parametrize("way_in", ["admin", "accounts"])
def test_an_administrators_password_alone_reaches_no_staff_page(site, way_in):
    # given an administrator with an authenticator app, and an attacker who has her password only
    admin = site.user("admin")
    browser = site.browser()
    # when the password is given at the admin's login page, or at allauth's without the code step
    if way_in == "admin":
        admin_login(browser, admin.username, admin.password)
    else:
        response = password_step(browser, admin.username, admin.password)
        assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    # then no staff page opens, the admin included: each sends to a login
    for path in STAFF_PAGES:
        response = browser.get(path)
        assert response.status_code == 302, path
        assert "/login/" in response.headers["Location"], path
    # and the whole login, with the code, does open them
    browser = site.browser()
    browser.login(admin)
    assert [browser.get(path).status_code for path in STAFF_PAGES] == [200] * len(STAFF_PAGES)


def test_the_admins_login_page_is_allauths_and_comes_back_to_the_admin(site):
    # given an administrator opening the admin
    admin = site.user("admin")
    browser = site.browser()
    response = browser.get("/admin/login/?next=/admin/")
    # then she is sent to allauth's login, which asks for the code, then sends her back
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    response = password_step(browser, admin.username, PASSWORD, path=response.headers["Location"])
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    response = browser.submit("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.headers["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200


def test_totp_secrets_are_not_stored_in_the_clear(site):
    # given a staff member enrolled with the suite's authenticator secret
    user = site.user("finance")
    # then the database row, read raw, does not hold the secret
    stored = site.run(
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT data FROM mfa_authenticator WHERE user_id = %s', [pk])\n"
        "    result = [str(row[0]) for row in cursor.fetchall()]",
        pk=user.pk,
    )
    assert stored and all(TOTP_SECRET not in row for row in stored), stored
    # and the code from the app still logs in
    site.browser().login(user)


# 2. Lockout that locks -------------------------------------------------------------------------


@pytest.mark.parametrize("way_in", ["/accounts/login/", "/admin/login/?next=/admin/"])
def test_five_wrong_passwords_lock_the_username_out_with_the_lockout_page(proxied, way_in):
    # given a focal point, and a client guessing her password through the way in
    user = proxied.user("focal_point")
    browser = proxied.browser(forwarded_for=address())
    login_page = browser.get(way_in)
    if way_in.startswith("/admin/"):
        assert login_page.status_code == 302  # the admin's way in is allauth's form
        form = login_page.headers["Location"]
    else:
        form = way_in
    assert form.startswith("/accounts/login/")
    for _ in range(5):
        password_step(browser, user.username, "wrong-password", path=form)
    # when the right password comes next
    response = password_step(browser, user.username, PASSWORD, path=form)
    # then the lockout page answers (429) and no session was made
    assert response.status_code == 429, response.text[:500]
    assert LOCKED_OUT in response.text
    assert "/accounts/login/" in browser.get("/portal/").headers["Location"]
    # and django-axes counted the failures against her username
    assert axes_attempts(proxied, user.username, "failures_since_start") == [5]


def test_the_admin_login_form_takes_no_password_at_all(proxied):
    # given an administrator, and forty wrong passwords then the right one at /admin/login/
    admin = proxied.user("admin")
    browser = proxied.browser(forwarded_for=address())
    for _ in range(40):
        admin_login(browser, admin.username, "wrong-password")
    admin_login(browser, admin.username, admin.password)
    # then no admin session exists
    assert browser.get("/admin/").status_code == 302


# 3. Client addresses through the declared proxy ------------------------------------------------


def test_one_clients_failures_lock_out_that_client_only(proxied):
    # given a victim, and an attacker at one address who fails on her account and on ten others
    victim = proxied.user("focal_point")
    bystander = proxied.user("focal_point")
    attacker_address, victim_address = address(), address()
    attacker = proxied.browser(forwarded_for=attacker_address)
    for _ in range(5):
        password_step(attacker, victim.username, "wrong-password")
    for n in range(10):
        password_step(attacker, f"nobody-{n}-{secrets.token_hex(3)}", "wrong-password")
    # then the attacker's address is refused, even with a right password (whichever worker answers)
    assert password_step(attacker, victim.username, PASSWORD).status_code == 429
    refused = password_step(attacker, bystander.username, PASSWORD)
    assert refused.status_code == 200 and "Too many failed login attempts" in refused.text
    # while the victim, from her own address, logs in
    proxied.browser(forwarded_for=victim_address).login(victim)
    # and so does anyone else
    proxied.browser(forwarded_for=address()).login(bystander)
    # and the counts live in the database's cache table, shared by gunicorn's workers
    rows = proxied.run(
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT COUNT(*) FROM metrohub_cache')\n"
        "    result = cursor.fetchone()[0]"
    )
    assert rows > 0


def test_a_client_cannot_pick_another_addresss_bucket_by_spoofing_x_forwarded_for(proxied):
    # given an attacker locked out on a victim's account
    victim = proxied.user("focal_point")
    attacker_address, victim_address = address(), address()
    attacker = proxied.browser(forwarded_for=attacker_address)
    for _ in range(5):
        password_step(attacker, victim.username, "wrong-password")
    # when it sends the victim's address in X-Forwarded-For (nginx appends the real one after it)
    spoofing = proxied.browser(forwarded_for=f"{victim_address}, {attacker_address}")
    response = password_step(spoofing, victim.username, PASSWORD)
    # then it is still the attacker's address that is locked
    assert response.status_code == 429
    for _ in range(5):
        password_step(spoofing, victim.username, "wrong-password")
    # and the victim's own address was never charged: she logs in
    proxied.browser(forwarded_for=victim_address).login(victim)
    assert axes_attempts(proxied, victim.username, "ip_address") == [attacker_address]


# 4. Production refuses to start half-configured -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG=1 is for a developer's machine"),
        ({"METROHUB_DEMO": "1"}, "METROHUB_DEMO=1 is for a developer's machine"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set in production"),
        ({"METROHUB_FIELD_KEY": None}, "METROHUB_FIELD_KEY must be set in production"),
    ],
)
def test_production_refuses_to_start_with_debug_demo_or_a_missing_key(site, change, reason):
    # given a production machine's environment, which need not say it is production, one thing wrong
    env = without_debug_flag(site.env)
    for name, value in change.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value
    # when the web server loads the application
    result = load_wsgi(env)
    # then it refuses, naming what is wrong
    assert result.returncode != 0
    assert reason in result.stderr, result.stderr[-2000:]


def test_production_is_what_a_machine_gets_unless_it_says_otherwise(site):
    # given the keys only: no DJANGO_DEBUG=0, no METROHUB_ENV
    result = load_wsgi(
        without_debug_flag(site.env),
        "from django.conf import settings; print(settings.DEBUG, settings.METROHUB_DEMO)",
    )
    # then debug and the demo are off
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["False", "False"]


def without_debug_flag(env: dict) -> dict:
    return {name: value for name, value in env.items() if name != "DJANGO_DEBUG"}


def load_wsgi(env: dict, then: str = "") -> subprocess.CompletedProcess:
    """Load the application as gunicorn does (`config.wsgi`), then run `then`."""
    return subprocess.run(
        [PYTHON, "-c", f"import config.wsgi\n{then}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_nothing_leaked_a_server_error(site, proxied):
    assert site.server_errors() == []
    assert proxied.server_errors() == [], json.dumps(proxied.server_errors())[:3000]
