"""What the benchmarks share: the machine they ran on, the database's version, percentiles, the
JSON results, Django on a throwaway database, a staff account with its second factor, and a
gunicorn server on loopback that is waited for and stopped.

The scripts are run as files (`.venv/bin/python benchmarks/directory.py`), so each puts the
checkout on `sys.path` before importing this module as `benchmarks.common`.
"""

import json
import logging
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _cpu_model() -> str:
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as file:
            cpu = next((line.split(":", 1)[1].strip() for line in file if line.startswith("model name")), cpu)
    except OSError:
        pass
    return cpu


def _memory_gib() -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    return round(psutil.virtual_memory().total / 2**30, 1)


def _load() -> tuple[float, float, float] | None:
    return os.getloadavg() if hasattr(os, "getloadavg") else None


def machine(*, load_at_start: tuple[float, float, float] | None = None) -> dict:
    """The machine the figures were measured on. Other work on it skews them: the 1-minute load
    now (call this when measuring begins) and, given the load when the run started, the 1, 5 and
    15-minute loads at its start and now."""
    load = _load()
    described = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average_1min": round(load[0], 2) if load else None,
    }
    if load_at_start is not None:
        described["load_average_start"] = [round(n, 2) for n in load_at_start]
        described["load_average_end"] = [round(n, 2) for n in load] if load else None
    return described


def database() -> dict:
    """The vendor and version of Django's default database (Django set up)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        version = sqlite3.sqlite_version
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT version()")
            version = str(cursor.fetchone()[0]).split(" ")[0]
    return {"vendor": connection.vendor, "version": version}


def percentile(values: list[float], q: int, *, method: str = "exclusive") -> float:
    """The q-th percentile (statistics.quantiles' `method`); a single value is its own."""
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method=method)[q - 1]


def write_json(path: Path, data: dict, *, ensure_ascii: bool = True) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=ensure_ascii) + "\n", encoding="utf-8")


def django_on(database_url: str | None, *, prefix: str, quiet: tuple[str, ...] = ("axes",)) -> Path | None:
    """Set Django up on `database_url`, or on a fresh SQLite file in a temporary directory, which
    is returned for the caller to remove. Development settings (debug on, as measured so far)
    unless METROHUB_ENV says otherwise; `quiet` loggers keep to warnings."""
    tmp = None
    if database_url is None:
        tmp = Path(tempfile.mkdtemp(prefix=prefix))
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("METROHUB_ENV", "development")
    os.environ["DATABASE_URL"] = database_url
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    for name in quiet:
        logging.getLogger(name).setLevel(logging.WARNING)
    return tmp


def staff_user(*, username: str, group: str):
    """A member of staff in `group`, with the second factor the secretariat must have (a TOTP
    authenticator), so that a forced login reaches the staff pages."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from metrohub.accounts.models import User

    user = User.objects.create_user(username=username, password=None)
    user.groups.add(Group.objects.get(name=group))
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "benchmark"})
    return user


def full_login(client, user) -> None:
    """Log `client` (django.test.Client) in as `user` as the login form and its second factor
    would: staff reach no page from a session that did not use its second factor."""
    from metrohub.accounts.testing import record_full_login

    client.force_login(user)
    session = client.session
    record_full_login(session, user)
    session.save()


# --- a server on loopback ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(
    *,
    env: dict,
    port: int,
    workers: int,
    threads: int | None = None,
    options: tuple[str, ...] = (),
    log: Path | None = None,
) -> subprocess.Popen:
    """gunicorn serving `config.wsgi` on 127.0.0.1:`port`, logging warnings and worse (to `log`,
    in a process group of its own so that Ctrl-C reaches the script, which then stops it)."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), *(["--threads", str(threads)] if threads else []),
               *options, "--log-level", "warning"]  # fmt: skip
    if log is None:
        return subprocess.Popen(command, cwd=ROOT, env=env)
    with log.open("ab") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen | None, *, group: bool = False, timeout: float = 15) -> None:
    """Stop a process (or its whole process group), killing it if it does not stop in time."""
    if process is None or process.poll() is not None:
        return
    try:
        if group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait()
    except ProcessLookupError:
        pass


def answers(port: int, path: str) -> bool:
    """Whether 127.0.0.1:`port` answers `path` with a 200."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def wait_for(
    port: int, path: str, *, process: subprocess.Popen | None = None, log: Path | None = None, timeout=60
) -> None:
    """Wait until the server on `port` answers `path` with a 200; stop the script if it exits
    (showing the end of its `log`) or does not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise SystemExit(f"the server exited ({process.returncode}):\n{tail}")
        if answers(port, path):
            return
        time.sleep(0.3)
    raise SystemExit(
        f"nothing answered {path} on port {port} within {timeout:.0f} s" + (f"; see {log}" if log else "")
    )
