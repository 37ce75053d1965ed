# Over 400 lines because it is the one live-site harness the security suite stands on: the
# gunicorn site, its databases, the logged-in browser and their fixtures, which pytest finds here.
"""The security suite: metrohub as the outside world meets it.

One gunicorn (two workers) serves metrohub on loopback with production settings
(`DJANGO_DEBUG=0`, a secret key, no demo), on its own database — a SQLite file, or a new
PostgreSQL database on the server of the run's `DATABASE_URL` — and its own data folder. Tests
talk to it over HTTP only, through the real login forms; what they need in its database they
make with `site.run(...)`, a Python snippet run in a separate process against that database,
the way an operator's shell would.

    def test_something(site):
        user = site.user("finance")                 # a new finance user with a second factor
        browser = site.browser()                    # cookies, CSRF, X-Forwarded-Proto: https
        browser.login(user)                         # password, then the TOTP code
        assert browser.get("/finance/").status_code == 200
"""

import base64
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PASSWORD = "Outside-pw-2024!"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
START_TIMEOUT = 60


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    moment = time.time() if at is None else at
    return format_hotp_value(hotp_value(secret, int(moment) // app_settings.TOTP_PERIOD))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class User:
    username: str
    password: str = PASSWORD
    totp_secret: str | None = TOTP_SECRET
    pk: int | None = None


class Browser(requests.Session):
    """An outsider's HTTP client: relative paths, cookies, CSRF tokens, the proxy's headers."""

    def __init__(self, base_url: str, forwarded_for: str | None = None):
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.headers["X-Forwarded-Proto"] = "https"
        if forwarded_for:
            self.headers["X-Forwarded-For"] = forwarded_for

    def request(self, method, url, *args, **kwargs):
        if url.startswith("/"):
            url = self.base_url + url
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        return super().request(method, url, *args, **kwargs)

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        # The site runs behind what it takes for a TLS proxy (X-Forwarded-Proto: https) on plain
        # HTTP, so its cookies are marked Secure; a browser behind real TLS would send them back.
        for cookie in self.cookies:
            cookie.secure = False
        return response

    def get(self, url, **kwargs):
        """Redirects are answers to look at, not to follow (pass allow_redirects=True to follow)."""
        return self.request("GET", url, **kwargs)

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return urlunsplit(("https", parts.netloc, "", "", ""))

    def csrf_token(self, path: str = "/accounts/login/") -> str:
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.cookies.get("csrftoken", "")

    def submit(self, path: str, data: dict | None = None, *, form_page: str | None = None, **kwargs):
        """POST a form as a browser would: the CSRF token of a page first seen, Origin and Referer."""
        token = self.csrf_token(form_page or path)
        headers = {"Origin": self.origin, "Referer": self.origin + (form_page or path)}
        headers.update(kwargs.pop("headers", {}))
        return self.post(path, data={"csrfmiddlewaretoken": token, **(data or {})}, headers=headers, **kwargs)

    def login(self, user: User, *, password: str | None = None, totp: str | None = None, expect=True):
        """Log in through /accounts/login/ (and the second-factor step if asked). Returns the last
        response; with `expect`, fails unless the login went through."""
        response = self.submit(
            "/accounts/login/", {"login": user.username, "password": password or user.password}
        )
        if response.status_code == 302 and "/2fa/authenticate" in response.headers.get("Location", ""):
            code = totp or (totp_code(user.totp_secret) if user.totp_secret else "")
            response = self.submit("/accounts/2fa/authenticate/", {"code": code})
        if expect:
            assert response.status_code == 302, (response.status_code, response.text[:2000])
            assert "/accounts/" not in response.headers.get("Location", ""), response.headers
        return response


@dataclass
class LiveSite:
    """metrohub under gunicorn, production settings, its own database and data folder."""

    name: str
    workdir: Path
    database_url: str
    env: dict = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None
    _log_file: object = None
    _users: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def var_dir(self) -> Path:
        return self.workdir / "var"

    def browser(self, forwarded_for: str | None = None) -> Browser:
        return Browser(self.url, forwarded_for=forwarded_for)

    def manage(self, *args: str, check: bool = True, timeout: int = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def run(self, code: str, **values) -> object:
        """Run Python in a separate process against the site's database; `values` are given as
        variables (JSON). Whatever the snippet assigns to `result` comes back (JSON)."""
        program = (
            "import json, sys, django\n"
            "django.setup()\n"
            "globals().update(json.loads(sys.argv[1]))\n"
            "result = None\n" + code + "\n"
            "print('\\n@@RESULT@@' + json.dumps(result, default=str))\n"
        )
        completed = subprocess.run(
            [PYTHON, "-c", program, json.dumps(values)],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if completed.returncode != 0 or "@@RESULT@@" not in completed.stdout:
            raise AssertionError(f"site.run failed:\n{completed.stdout}\n{completed.stderr}")
        return json.loads(completed.stdout.rsplit("@@RESULT@@", 1)[1])

    def user(self, role: str, *, organisation: str | None = None, mfa: bool | None = None, **extra) -> User:
        """A new user of `role` (staff get a second factor with TOTP_SECRET unless mfa=False);
        `organisation` is a slug, made as a member city if the site does not know it yet."""
        self._users += 1
        username = (
            extra.pop("username", None) or f"{role.replace('_', '-')}-{self._users}-{secrets.token_hex(2)}"
        )
        made = self.run(
            "from tests.security.seed import make_user\n"
            "result = make_user(role, username, password, organisation=organisation, mfa=mfa, **extra)",
            role=role,
            username=username,
            password=PASSWORD,
            organisation=organisation,
            mfa=mfa,
            extra=extra,
        )
        return User(username=username, pk=made["pk"], totp_secret=TOTP_SECRET if made["totp"] else None)

    def start(self, workers: int = 2) -> None:
        self.port = free_port()
        self._log_file = log = open(self.workdir / "gunicorn.log", "ab")  # noqa: SIM115 — closed in stop()
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn stopped:\n{self.log()}")
            try:
                answer = requests.get(
                    self.url + "/health/",
                    timeout=15,
                    allow_redirects=False,
                    headers={"X-Forwarded-Proto": "https"},
                )
                if answer.status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.3)
        raise AssertionError(f"gunicorn did not answer on {self.url}:\n{self.log()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None
        if self._log_file:
            self._log_file.close()
            self._log_file = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.workdir / "gunicorn.log"
        return path.read_text(errors="replace")[-20000:] if path.exists() else ""

    def server_errors(self) -> list[str]:
        """Tracebacks gunicorn's workers logged (a 500 leaves one). A refusal (403) logs its
        PermissionDenied too: that one is an answer, not an error."""
        tracebacks = re.findall(r"(?m)^Traceback.*?(?=^\S|\Z)", self.log(), flags=re.S)
        return [t for t in tracebacks if not t.rstrip().endswith("PermissionDenied")]


def _admin_url(base: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(("postgres", parts.netloc, "/postgres", "", ""))


def _database_url_for(name: str, workdir: Path, template: str | None = None) -> tuple[str, callable]:
    """A new database beside the run's own, empty or a copy of `template` (a migrated one):
    (its URL, a function that drops it)."""
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        import psycopg

        database = f"metrohub_{name}_{os.getpid()}_{secrets.token_hex(3)}".replace("-", "_")
        copy = f' TEMPLATE "{urlsplit(template).path.lstrip("/")}"' if template else ""
        with psycopg.connect(_admin_url(base), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{database}"{copy}')

        def drop():
            with psycopg.connect(_admin_url(base), autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

        parts = urlsplit(base)
        return urlunsplit((parts.scheme, parts.netloc, f"/{database}", "", "")), drop
    path = workdir / "var" / "metrohub.sqlite3"
    if template:
        shutil.copyfile(urlsplit(template).path, path)
    return f"sqlite:///{path}", lambda: None


# Migrating takes half a minute: the first site's freshly migrated database is kept as a template
# that later sites copy (a file for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL).
_TEMPLATE: dict[str, object] = {}


def _keep_as_template(database_url: str) -> None:
    if database_url.startswith("sqlite:"):
        copy = Path(_STATIC_CACHE["root"]).with_name(Path(_STATIC_CACHE["root"]).name + "-template.sqlite3")
        shutil.copyfile(urlsplit(database_url).path, copy)
        _TEMPLATE["url"] = f"sqlite:///{copy}"
        _TEMPLATE["drop"] = lambda: copy.unlink(missing_ok=True)
    else:
        _TEMPLATE["url"], _TEMPLATE["drop"] = _database_url_for(
            "template", Path("/nonexistent"), database_url
        )


def production_env(workdir: Path, database_url: str, **extra: str) -> dict:
    """The environment of a production machine: only what deploy/metrohub.env.example sets."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "METROHUB_", "DATABASE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        METROHUB_FIELD_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_LOG_FORMAT="plain",
        DATABASE_URL=database_url,
        METROHUB_VAR_DIR=str(workdir / "var"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra)
    return env


_STATIC_CACHE: dict[str, Path] = {}


def build_site(name: str, *, migrate: bool = True, **env_extra: str):
    """Make a site (not started): a data folder, an empty database, migrated, static collected.
    Returns (site, cleanup)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"metrohub-{name}-"))
    (workdir / "var").mkdir()
    template = _TEMPLATE.get("url") if migrate else None
    database_url, drop = _database_url_for(name, workdir, template)
    site = LiveSite(name=name, workdir=workdir, database_url=database_url)
    site.env = production_env(workdir, database_url, **env_extra)
    # collectstatic (hashing and compressing) is the same for every site of the run: once.
    static = _STATIC_CACHE.get("root")
    jobs = []
    if static is None:
        static = Path(tempfile.mkdtemp(prefix="metrohub-static-"))
        _STATIC_CACHE["root"] = static
        jobs.append(
            subprocess.Popen(
                [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
                cwd=ROOT,
                env={**site.env, "METROHUB_STATIC_ROOT": str(static)},
            )
        )
    site.env["METROHUB_STATIC_ROOT"] = str(static)
    if migrate and not template:
        jobs.append(
            subprocess.Popen([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=site.env)
        )
    for job in jobs:
        assert job.wait(timeout=600) == 0, f"setting up the {name} site failed"
    if migrate and not template:
        _keep_as_template(database_url)

    def cleanup():
        site.stop()
        drop()
        shutil.rmtree(workdir, ignore_errors=True)

    return site, cleanup


@pytest.fixture(scope="session")
def site_factory():
    """Make more sites (a restore target, a site with other settings): `site_factory(name, **env)`."""
    cleanups = []

    def make(name: str, *, start: bool = True, migrate: bool = True, **env_extra: str) -> LiveSite:
        site, cleanup = build_site(name, migrate=migrate, **env_extra)
        cleanups.append(cleanup)
        if start:
            site.start()
        return site

    yield make
    for cleanup in reversed(cleanups):
        cleanup()
    if "drop" in _TEMPLATE:
        _TEMPLATE.pop("drop")()
    _TEMPLATE.clear()
    for static in _STATIC_CACHE.values():
        shutil.rmtree(static, ignore_errors=True)
    _STATIC_CACHE.clear()


@pytest.fixture(scope="session")
def site(site_factory) -> LiveSite:
    """The one shared site of the suite, with two member cities (Dakar, Abidjan) on record."""
    live = site_factory("security", start=False)
    live.run("from tests.security.seed import base\nbase()")
    live.start()
    return live


@pytest.fixture
def browser(site) -> Browser:
    return site.browser()
