"""The load test's data: the database set up as production would be (migrated, the 2024 data set
loaded, the static files collected), and the accounts the scenario logs in as, with a database
session each, written with the ids, slugs and terms it picks from to the file the locustfile reads.
"""

import json
import math
import os
import random
import time
from pathlib import Path

from benchmarks.common import database

# The locustfile's user classes and their weights (PublicVisitor 6 : Staff 3 : FocalPoint 1).
WEIGHTS = {"PublicVisitor": 6, "Staff": 3, "FocalPoint": 1}
SEED = 2024
MANIFEST_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"


def set_up_database() -> dict:
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    from metrohub.network.models import Organisation

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if Organisation.objects.exists():
        raise SystemExit("The database already holds organisations: give the load test an empty one.")
    migrated = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("load_dataset", "2024", verbosity=0, stdout=quiet)
    loaded = time.perf_counter()
    # The manifest that production's storage reads (staticfiles.json), from Django's own manifest
    # storage: whitenoise's gzip and brotli copies of each file take minutes to make on this
    # machine, and the scenario requests pages, not static files.
    from django.test import override_settings

    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(STORAGES=storages):
        call_command("collectstatic", verbosity=0, interactive=False)
    print(
        f"  migrate {migrated - started:.0f} s, load_dataset {loaded - migrated:.0f} s,"
        f" collectstatic {time.perf_counter() - loaded:.0f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        **database(),
        "organisations": Organisation.objects.count(),
        "setup_seconds": round(time.perf_counter() - started, 1),
    }


def start_session(user) -> str:
    """A logged-in session for `user`, as django.contrib.auth.login would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from metrohub.accounts.testing import record_full_login

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    record_full_login(session, user)  # staff reach no page from a session without the second factor
    session.create()
    return session.session_key


def prepare(max_users: int, path: Path) -> dict:
    """Accounts, sessions and the ids, slugs and terms the scenario picks from; written to `path`."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import transaction

    from metrohub.accounts.models import User
    from metrohub.accounts.roles import Role
    from metrohub.core.models import Region
    from metrohub.network.models import MembershipPeriod, Organisation
    from metrohub.network.selectors import organisations_with_membership

    rng = random.Random(SEED)
    total = sum(WEIGHTS.values())
    members = list(
        organisations_with_membership()
        .filter(current_status__isnull=False)
        .order_by("pk")
        .values_list("pk", "slug", "name")
    )
    staff_count = math.ceil(max_users * WEIGHTS["Staff"] / total) + 1
    focal_count = min(math.ceil(max_users * WEIGHTS["FocalPoint"] / total) + 1, len(members))

    with transaction.atomic():
        membership, focal_point = (
            Group.objects.get(name=role) for role in (Role.MEMBERSHIP, Role.FOCAL_POINT)
        )
        staff = []
        for n in range(1, staff_count + 1):
            user = User.objects.create_user(username=f"load-staff-{n:03d}", password=None)
            user.groups.add(membership)
            # The secretariat must have a second factor (RequireMFAMiddleware): a TOTP authenticator.
            Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "load"})
            staff.append({"username": user.username, "session": start_session(user)})
        focal_points = []
        for n, (pk, _slug, _name) in enumerate(rng.sample(members, focal_count), start=1):
            user = User.objects.create_user(username=f"load-focal-{n:03d}", password=None, organisation_id=pk)
            user.groups.add(focal_point)
            focal_points.append(
                {"username": user.username, "session": start_session(user), "organisation": pk}
            )

    words = sorted({word for _pk, _slug, name in members for word in name.split() if len(word) >= 4})
    organisations = Organisation.objects.count()
    data = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "staff": staff,
        "focal_points": focal_points,
        "member_ids": [pk for pk, _slug, _name in members],
        "member_slugs": [slug for _pk, slug, _name in members],
        "organisation_ids": list(Organisation.objects.order_by("pk").values_list("pk", flat=True)),
        "regions": list(Region.objects.order_by("order").values_list("code", flat=True)),
        "kinds": list(Organisation.Kind.values),
        "statuses": list(MembershipPeriod.Status.values),
        # Words of member names, and a few prefixes, as people type them.
        "search_terms": [*rng.sample(words, min(30, len(words))), "san", "new", "bar", "city", "metro"],
        "registry_pages": max(1, math.ceil(organisations / settings.METROHUB_PAGE_SIZE)),
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return data
