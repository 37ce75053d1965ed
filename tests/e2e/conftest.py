"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here gets a fresh browser context and fails if the page logged a console error or
threw an uncaught exception. Chromium itself is started once per session; where it is not
installed, every browser test is skipped with a message saying how to install it.
"""

import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from metrohub.core.system import CHROMIUM, chromium_missing

# Playwright's sync API keeps an asyncio loop in this thread, so Django would take the test's
# own ORM calls for calls from async code and refuse them (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
SCREENSHOTS = Path("/tmp/e2e-shots")
PASSWORD = "pw-Test-123!"
TIMEOUT_MS = 10_000
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, for the second factor of staff logins

# Console errors a page may log without being broken.
ALWAYS_ALLOWED = [re.compile(r"favicon", re.IGNORECASE)]


@dataclass
class BrowserErrors:
    """What the browser reported as errors during one test: `console.error` calls and uncaught
    exceptions. A test that expects one (a 403 page, say) allows it by pattern."""

    messages: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=lambda: list(ALWAYS_ALLOWED))

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(p.search(m) for p in self.allowed)]


def _chromium_path() -> str:
    return CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")


@pytest.fixture(scope="session")
def browser(request):
    missing = chromium_missing()
    if missing:
        # CI installs Chromium and sets METROHUB_REQUIRE_BROWSER: there, a skip would hide a gap.
        if os.environ.get("METROHUB_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)
    executable = _chromium_path()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread from here on. Django's
    # connection handler (an asgiref Local, thread_critical) then hands out new DatabaseWrapper
    # objects, which lack the database snapshot taken when the test database was created, so
    # pytest-django's serialized rollback would silently restore nothing once an earlier
    # transactional test has emptied the database. The snapshot is carried over to them.
    request.getfixturevalue("django_db_setup")
    from django.db import connections

    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in snapshots.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_errors(request) -> BrowserErrors:
    errors = BrowserErrors()
    request.node.stash[_ERRORS] = errors
    return errors


@pytest.fixture
def new_page(browser, live_server, browser_errors):
    """Open a page in a new browser context (its own cookies); `new_page(java_script_enabled=False)`."""
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(
            base_url=live_server.url,
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
            **context_options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                browser_errors.messages.append(
                    f"console.error: {message.text} ({message.location.get('url')})"
                )
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: browser_errors.messages.append(f"pageerror: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    _wait_for_request_threads()


def _wait_for_request_threads(timeout: float = 5.0) -> None:
    """Let the live server finish the requests of the closed pages (keep-alive connections end
    when the browser closes them). A request thread still running when the database is flushed,
    or when the server stops after the last test, fails on the shared SQLite connection."""
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def _snapshot_2024() -> dict[str, str]:
    return {}


@pytest.fixture
def data_2024(live_server, django_db_serialized_rollback, _snapshot_2024):
    """The real 2024 data, loaded by `manage.py load_dataset 2024`.

    The live server needs a transactional database, which is emptied after each test; the
    serialized rollback puts the rows of data migrations (roles, regions) back before the next
    one. Loading the year goes through the services and takes seconds, so the first test loads
    it and keeps a snapshot of the database, and the next ones restore the snapshot.
    """
    from django.db import connection

    from metrohub.core.testing import load_dataset_2024

    if "json" in _snapshot_2024:
        connection.creation.deserialize_db_from_string(_snapshot_2024["json"])
    else:
        load_dataset_2024()
        _snapshot_2024["json"] = connection.creation.serialize_db_to_string()


def enrol_totp(user) -> None:
    """Give the user's authenticator app (django-allauth MFA), if they have one, a known secret,
    so that the browser can answer the second-factor step of the login."""
    try:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import encrypt
    except (ImportError, RuntimeError):  # MFA is not installed
        return
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).update(
        data={"secret": encrypt(TOTP_SECRET)}
    )


def totp_code() -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // app_settings.TOTP_PERIOD))


@pytest.fixture
def membership_user(data_2024):
    from metrohub.network.tests.factories import make_user

    user = make_user("membership", username="mona")
    enrol_totp(user)
    return user


@pytest.fixture
def login(settings):
    """Fill in and submit the login form the page is on (and the second factor, where the user
    has one), then wait to leave the login pages."""
    from playwright.sync_api import expect

    # A code is computed here and checked by the server a moment later, maybe in the next
    # 30-second step: accept the neighbouring steps, as authenticator apps in real use need too.
    settings.MFA_TOTP_TOLERANCE = 1

    def log_in(page, username: str, password: str = PASSWORD):
        expect(page.get_by_role("heading", name="Log in")).to_be_visible()
        # Django's login form names the field `username`, django-allauth's `login`.
        page.locator("#id_login, #id_username").fill(username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Log in").click()
        if "/2fa/authenticate/" in page.url:
            page.fill("input[name=code]", totp_code())
            with page.expect_navigation():
                page.locator("main form[method=post] [type=submit]").first.click()
        expect(page).not_to_have_url(re.compile(r"/accounts/(login|2fa)/"))

    return log_in


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def screenshot(shots_dir, request):
    """`screenshot(page, "registry")` saves a full-page PNG to /tmp/e2e-shots/<test>-<name>.png."""

    def take(page, name: str) -> Path:
        path = shots_dir / f"{request.node.name}-{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


_ERRORS = pytest.StashKey[BrowserErrors]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A test fails if the browser logged an error it did not allow, even if its asserts passed."""
    result = yield
    errors = item.stash.get(_ERRORS, None)
    if errors is not None and (unexpected := errors.unexpected()):
        pytest.fail("The browser reported errors:\n" + "\n".join(unexpected), pytrace=False)
    return result


FUTURES_CITIES = [
    ("dakar-e2e", "Dakar E2E", 3_000_000, 14.7, -17.4),
    ("lisbon-e2e", "Lisbon E2E", 550_000, 38.7, -9.1),
    ("quito-e2e", "Quito E2E", 2_000_000, -0.2, -78.5),
    ("pune-e2e", "Pune E2E", 7_000_000, 18.5, 73.8),
]


# A small Metro Futures release, labelled synthetic: four cities, two indicators, a strategy.
@pytest.fixture
def futures_release(live_server, django_db_serialized_rollback, settings, tmp_path):
    from metrohub.core.permissions import SYSTEM
    from metrohub.futures import selectors, storage
    from metrohub.futures.models import City
    from metrohub.futures.services import (
        catalogue_load,
        observations_import,
        release_publish,
        strategies_import,
    )
    from metrohub.network.tests.factories import MembershipFactory, OrganisationFactory

    settings.METROHUB_FUTURES_DIR = tmp_path / "futures"
    catalogue_load()
    for n, (code, name, population, lat, lon) in enumerate(FUTURES_CITIES):
        organisation = OrganisationFactory(name=name, slug=code)
        if n < 3:
            MembershipFactory(organisation=organisation)
        City.objects.create(code=code, name=name, organisation=organisation, population=population,
                            latitude=lat, longitude=lon)  # fmt: skip
    lines = ["city,indicator,year,value,boundary,method"]
    for n, (code, *_rest) in enumerate(FUTURES_CITIES):
        last = 2023 if code == "quito-e2e" else 2024  # Quito has not reported 2024: a warning
        for year in range(2018, last + 1):
            lines.append(f"{code},pm25,{year},{20 + 5 * n - (year - 2018)},municipal,measured")
            lines.append(f"{code},broadband,{year},{40 + 10 * n + 2 * (year - 2018)},municipal,"
                         f"{'estimated' if code == 'pune-e2e' else 'measured'}")  # fmt: skip
    content = "\n".join(lines).encode()
    observations_import(actor=SYSTEM, file_name="e2e.csv", content=content, synthetic=True)
    strategies = (
        "city,title,level,year_adopted,horizon,dimensions,sdgs,summary,targets\n"
        "dakar-e2e,Dakar Clean Air Plan,local,2020,2030,resilience,11|13,Cleaner air,pm25:10:2030\n"
    )
    strategies_import(actor=SYSTEM, file_name="s.csv", content=strategies.encode(), synthetic=True)
    yield release_publish(actor=SYSTEM)
    storage.close_all()
    selectors._catalogue.cache_clear()
