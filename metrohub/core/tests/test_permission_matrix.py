"""The permission matrix, generated from the URL configuration.

Every URL is either declared public or guarded by a rule; each guarded URL is tried as an
anonymous visitor, as the focal point of another city and as every role, and must refuse
exactly those its rule refuses. A new page that forgets its check fails here.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from metrohub.accounts.roles import Role
from metrohub.network.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PositionFactory,
    make_user,
)

# Served by others, with their own checks: the Django admin (is_staff), django-allauth's login
# and second-factor pages (login_required where it matters), and the JSON API, whose anonymous
# answers are tested below and in each app's API tests.
DELEGATED_NAMESPACES = {"admin", "api"}
DELEGATED_PREFIXES = ("accounts/",)


def delegated(namespace, route) -> bool:
    return namespace in DELEGATED_NAMESPACES or route.startswith(DELEGATED_PREFIXES)


def iter_views(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from iter_views(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield namespace, prefix + str(entry.pattern), entry


def unguarded_views(patterns) -> list[str]:
    """Routes whose view is neither @public nor guarded by @permission(rule)."""
    return [
        route
        for namespace, route, entry in iter_views(patterns)
        if not delegated(namespace, route)
        and not getattr(entry.callback, "metrohub_public", False)
        and not getattr(entry.callback, "metrohub_rule", None)
    ]


def test_every_view_is_public_or_guarded():
    assert unguarded_views(get_resolver().url_patterns) == []


def test_a_view_without_a_check_is_caught():
    def forgotten(request):
        return HttpResponse("secret")

    patterns = [*get_resolver().url_patterns, path("new-page/", forgotten)]
    assert unguarded_views(patterns) == ["new-page/"]


@pytest.fixture
def world(db):
    """City B, whose records are asked for, and the users who ask."""
    city_b = OrganisationFactory(name="City B", slug="city-b")
    MembershipFactory(organisation=city_b)
    person_b = PositionFactory(organisation=city_b).person
    city_a = OrganisationFactory(name="City A", slug="city-a")
    MembershipFactory(organisation=city_a)
    users = {
        "anonymous": None,
        "focal point of another city": make_user(Role.FOCAL_POINT, organisation=city_a),
    }
    for role in Role.values:
        if role != Role.FOCAL_POINT:
            users[role] = make_user(role)
    kwargs = {"pk": city_b.pk, "person_pk": person_b.pk, "slug": city_b.slug, "fmt": "csv"}
    # Each app that routes other URL arguments gives samples in `metrohub/<app>/tests/matrix.py`:
    # `def samples() -> dict`, building the records it needs.
    for module in iter_matrix_modules():
        kwargs.update(module.samples())
    return users, kwargs


def iter_matrix_modules():
    import importlib
    from pathlib import Path

    for module_path in sorted(Path(__file__).resolve().parents[2].glob("*/tests/matrix.py")):
        yield importlib.import_module(f"metrohub.{module_path.parent.parent.name}.tests.matrix")


def url_of(namespace, entry, kwargs: dict) -> str:
    name = f"{namespace}:{entry.name}" if namespace else entry.name
    return reverse(name, kwargs={k: v for k, v in kwargs.items() if k in entry.pattern.regex.groupindex})


def refused(response) -> bool:
    redirected_to_login = response.status_code == 302 and "/accounts/login/" in response.get("Location", "")
    return response.status_code == 403 or redirected_to_login


def test_every_guarded_view_refuses_exactly_whom_its_rule_refuses(client, world):
    users, kwargs = world
    checked = 0
    for namespace, route, entry in iter_views(get_resolver().url_patterns):
        if delegated(namespace, route):
            continue
        url = url_of(namespace, entry, kwargs)
        rule = getattr(entry.callback, "metrohub_rule", None)
        for who, user in users.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            response = client.get(url)
            if rule is None:  # public
                assert not refused(response), f"{url} is declared public but refused {who}"
                continue
            allowed = rule(
                user or AnonymousUser(),
                **{k: v for k, v in kwargs.items() if k in entry.pattern.regex.groupindex},
            ).allowed
            assert refused(response) != allowed, (
                f"{url} as {who}: rule says {'allowed' if allowed else 'refused'}, got {response.status_code}"
            )
            checked += 1
    assert checked > 50


def test_the_api_answers_anonymous_callers_with_public_data_or_a_refusal(client, world):
    _, kwargs = world
    document = client.get("/api/v1/openapi.json").json()
    samples = {"organisation_id": kwargs["pk"], **kwargs}
    for route, operations in document["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"{(\w+)}", lambda m: str(samples.get(m.group(1), m.group(0))), route)
        assert "{" not in url, f"{route}: give a sample for its path parameters in your tests/matrix.py"
        response = client.get(url)
        parameters = operations["get"].get("parameters", [])
        needs_query = any(p["in"] == "query" and p.get("required") for p in parameters)
        assert response.status_code in ({200, 403} | ({400, 422} if needs_query else set())), url
        if url.endswith("/people"):
            assert response.status_code == 403
