"""Production is the default, and it refuses to start half-configured: with debug, with the demo,
without its own secret key or without the key that encrypts second factors."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def production_env(**extra) -> dict:
    """A production machine's environment: nothing of the test run's (METROHUB_ENV included)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "METROHUB_"))}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        METROHUB_FIELD_KEY=Fernet.generate_key().decode(),
        DJANGO_ALLOWED_HOSTS="metrohub.example.org",
        **extra,
    )
    return env


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set in production"),
        ({"DJANGO_SECRET_KEY": "change-me-to-50-random-characters"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "insecure-development-key-never-used-in-production"}, "must be set"),
        ({"METROHUB_FIELD_KEY": None}, "METROHUB_FIELD_KEY must be set in production"),
        ({"METROHUB_FIELD_KEY": "change-me-to-a-fernet-key"}, "METROHUB_FIELD_KEY must hold Fernet keys"),
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG=1 is for a developer's machine"),
        ({"METROHUB_DEMO": "1"}, "METROHUB_DEMO=1 is for a developer's machine"),
        ({"METROHUB_ENV": "staging"}, "METROHUB_ENV must be production or development"),
    ],
)
def test_production_refuses_to_start_half_configured(change, reason):
    # given a production environment with one thing wrong
    env = production_env()
    for name, value in change.items():
        if value is None:
            del env[name]
        else:
            env[name] = value
    # when anything starts Django (the web server's wsgi module loads the same settings)
    result = manage("check", env=env)
    # then it refuses, naming what is wrong
    assert result.returncode != 0
    assert reason in result.stderr, result.stderr[-2000:]


def test_a_developer_machine_needs_no_environment_and_production_is_the_default():
    # with nothing set, production refuses to start: it is the default
    bare = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "METROHUB_"))}
    assert "DJANGO_SECRET_KEY must be set" in manage("check", env=bare).stderr
    # and METROHUB_ENV=development alone starts, with debug on and the demo off
    code = "from django.conf import settings as s; print(s.DEBUG, s.METROHUB_DEMO)"
    result = manage("shell", "--no-imports", "-c", code, env={**bare, "METROHUB_ENV": "development"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_demo_accounts_are_refused_in_production():
    result = manage("demo_accounts", env=production_env())
    assert result.returncode != 0
    assert "only under demo settings" in result.stderr
