"""The test suite's settings (pyproject's DJANGO_SETTINGS_MODULE): a developer's machine, so that
pytest runs with no environment set, and the cache in the test process's memory, which the root
conftest empties between tests without touching the database.

Tests that need production start it in another process with its own environment (the security
suite's gunicorn, metrohub/core/tests/test_deploy.py): they drop METROHUB_ENV from it.
"""

import os

os.environ["METROHUB_ENV"] = "development"

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
