"""The permission matrix, generated from the URL configuration.

Every URL is either declared public or guarded by a rule; each guarded URL is tried as an
anonymous visitor, as the focal point of the city whose records it names, as the focal point of
another city and as every role — with GET, with POST, as an htmx partial and as its data twins —
and must refuse exactly those its rule refuses; a refused POST changes nothing, and no answer is
a 500. Records shared between two cities (a person who moved from one to the other) are walked
too. The API's routes, the admin and the login pages are in the walk. A new page that forgets its
check fails here.
"""

import datetime as dt
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, path, reverse

from metrohub.accounts.roles import STAFF_ROLES, Role
from metrohub.network.models import Organisation
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
        "focal point of the city": make_user(Role.FOCAL_POINT, organisation=city_b),
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
    location = response.get("Location", "")
    to_login = "/accounts/login/" in location or "/admin/login/" in location
    return response.status_code == 403 or (response.status_code == 302 and to_login)


def route_kwargs(entry, kwargs: dict) -> dict:
    return {k: v for k, v in kwargs.items() if k in entry.pattern.regex.groupindex}


def log_in(client, user) -> None:
    client.logout()
    if user is not None:
        client.force_login(user)


def fingerprint() -> dict[str, int]:
    """Row counts of every metrohub table, history included: a refused write leaves them alone."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("metrohub.")
    }


# Who also gets the htmx partial and the `?format=` twins of every page: one refused visitor and
# one who may do anything (the other roles reach the same views through the same rules).
VARIANT_USERS = ("anonymous", Role.ADMIN)
VARIANTS = {
    "htmx": ({}, {"HTTP_HX_REQUEST": "true"}),
    "?format=csv": ({"format": "csv"}, {}),
    "?format=json": ({"format": "json"}, {}),
    "?format=xlsx": ({"format": "xlsx"}, {}),
}
# Who also posts where their rule lets them (an empty form: bad input, never a 500).
WRITERS = ("focal point of the city", Role.ADMIN)


def urls_of(namespace, entry, kwargs: dict) -> list[tuple[str, dict]]:
    """The route's URL, or one per data twin when its path names the format (`.csv`, `.xlsx`)."""
    samples = (
        [{**kwargs, "fmt": f} for f in ("csv", "xlsx", "json")]
        if "fmt" in entry.pattern.regex.groupindex
        else [kwargs]
    )
    urls = []
    for sample in samples:
        try:
            urls.append((url_of(namespace, entry, sample), sample))
        except NoReverseMatch:  # a twin this route does not serve
            continue
    return urls


def walk(client, users, kwargs):
    """Every page as every user: GET, and for some the partial and twins. Returns the POSTs to
    try, (url, who, user, allowed), once the reads are done (a public GET may write: a link
    from a mail confirms a subscription)."""
    posts, checked = [], 0
    for namespace, route, entry in iter_views(get_resolver().url_patterns):
        if delegated(namespace, route):
            continue
        rule = getattr(entry.callback, "metrohub_rule", None)
        for url, sample in urls_of(namespace, entry, kwargs):
            for who, user in users.items():
                log_in(client, user)
                allowed = rule is None or rule(user or AnonymousUser(), **route_kwargs(entry, sample)).allowed
                answers = {"GET": client.get(url)}
                if who in VARIANT_USERS:
                    for how, (query, headers) in VARIANTS.items():
                        answers[how] = client.get(url, query, **headers)
                if not allowed or who in WRITERS:
                    posts.append((url, who, user, allowed))
                for how, response in answers.items():
                    where = f"{how} {url} as {who}"
                    assert response.status_code < 500, where
                    if rule is None:
                        assert not refused(response), f"{where}: declared public but refused"
                    else:
                        expected = "allowed" if allowed else "refused"
                        assert refused(response) != allowed, (
                            f"{where}: {expected}, got {response.status_code}"
                        )
                    checked += 1
    return posts, checked


def test_every_guarded_view_refuses_exactly_whom_its_rule_refuses(client, world):
    # given the records of city B, and a user of each kind
    users, kwargs = world
    # when each asks for every page, its partial and its twins
    posts, checked = walk(client, users, kwargs)
    # then every refusal was the rule's (checked in the walk)
    assert checked > 1000
    # when those the rule refuses post to it
    before = fingerprint()
    for url, who, user, allowed in posts:
        if not allowed:
            log_in(client, user)
            response = client.post(url, {})
            # then they are refused too (or the page takes no POST), and nothing changed
            assert refused(response) or response.status_code == 405, (
                f"POST {url} as {who}: {response.status_code}"
            )
    assert fingerprint() == before
    # and the posts of those allowed, with an empty form, get an answer, never a 500
    for url, who, user, allowed in posts:
        if allowed:
            log_in(client, user)
            assert client.post(url, {}).status_code < 500, f"POST {url} as {who}"


def test_a_person_who_moved_is_reached_only_from_their_current_city(client, world):
    # given a person who worked at city A and now works at city B
    users, kwargs = world
    city_a, city_b = (Organisation.objects.get(slug=slug) for slug in ("city-a", "city-b"))
    moved = PositionFactory(organisation=city_a, end=dt.date(2024, 6, 30)).person
    PositionFactory(organisation=city_b, person=moved)
    name = moved.name
    routes = [
        (ns, entry) for ns, route, entry in iter_views(get_resolver().url_patterns) if "person_pk" in route
    ]
    assert routes
    # when each route that names a person is asked for her, from each city
    for namespace, entry in routes:
        edit = entry.name == "person_edit"
        for organisation, who, expected in [
            (city_a, "focal point of another city", False),  # her past city
            (city_b, "focal point of the city", edit),  # her city now (export and erasure: the registry's)
            (city_a, Role.MEMBERSHIP, True),  # the registry keeps the past
        ]:
            sample = {**kwargs, "person_pk": moved.pk, "pk": organisation.pk}
            url = url_of(namespace, entry, sample)
            log_in(client, users[who])
            # then the rule and the answers agree: her past city is refused, GET and POST
            assert entry.callback.metrohub_rule(users[who], **route_kwargs(entry, sample)).allowed == expected
            answers = [client.get(url)]
            if not expected:
                answers.append(
                    client.post(url, {"name": "Changed", "email": "x@example.org", "confirm": "erase"})
                )
            for response in answers:
                assert refused(response) != expected, (url, who, response.status_code)
    moved.refresh_from_db()
    assert (moved.name, moved.erased_at) == (name, None)
    # and through the API, her past city's focal point does not see her; her city's does
    log_in(client, users["focal point of another city"])
    assert moved.email not in client.get(f"/api/v1/organisations/{city_a.pk}/people").content.decode()
    log_in(client, users["focal point of the city"])
    assert moved.email in client.get(f"/api/v1/organisations/{city_b.pk}/people").content.decode()


def admin_urls() -> list[tuple[str, bool]]:
    """The admin's index and, for every registered model, its list, add and change pages, each
    with whether it writes."""
    urls = [("/admin/", False)]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls += [
            (reverse("admin:{}_{}_changelist".format(*info)), False),
            (reverse("admin:{}_{}_add".format(*info)), True),
        ]
        first = model._default_manager.first()
        if first is not None:
            urls.append((reverse("admin:{}_{}_change".format(*info), args=[first.pk]), True))
    return urls


def test_the_admin_opens_to_administrators_only_and_changes_no_guarded_record(client, world):
    from metrohub.core.tests.test_admin_guard import EDITABLE

    # given the users, and an administrator of the site
    users, _ = world
    administrator = make_user(Role.ADMIN, username="matrix-superuser")
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    users = {**users, "administrator": administrator}
    editable = {"/admin/{}/{}/".format(*label.lower().split(".")) for label in EDITABLE}
    before = fingerprint()
    # when each opens every admin page and posts its forms
    for url, writes in admin_urls():
        for who in ("anonymous", "focal point of the city", Role.FINANCE, "administrator"):
            log_in(client, users[who])
            response = client.get(url)
            assert response.status_code < 500, (url, who)
            if who != "administrator":
                # then the roles of the secretariat and the focal points are not the admin's users
                assert refused(response), (url, who, response.status_code)
                assert refused(client.post(url, {})), (url, who)
            elif writes and not any(url.startswith(prefix) for prefix in editable):
                # and the administrator changes nothing that a service guards
                assert client.post(url, {}).status_code == 403, url
    assert fingerprint() == before


def test_the_login_pages_answer_every_visitor(client, world):
    users, _ = world
    for namespace, route, entry in iter_views(get_resolver().url_patterns):
        if not route.startswith(DELEGATED_PREFIXES) or entry.pattern.regex.groupindex:
            continue
        url = url_of(namespace, entry, {})
        for who in ("anonymous", "focal point of the city", Role.ADMIN):
            log_in(client, users[who])
            assert client.get(url).status_code < 500, (url, who)
            assert client.post(url, {}).status_code < 500, (url, who)


def test_the_api_answers_each_role_with_what_it_may_see(client, world):
    users, kwargs = world
    document = client.get("/api/v1/openapi.json").json()
    samples = {"organisation_id": kwargs["pk"], **kwargs}
    for route, operations in document["paths"].items():
        if "get" not in operations:
            continue
        url = re.sub(r"{(\w+)}", lambda m: str(samples.get(m.group(1), m.group(0))), route)
        assert "{" not in url, f"{route}: give a sample for its path parameters in your tests/matrix.py"
        parameters = operations["get"].get("parameters", [])
        needs_query = any(p["in"] == "query" and p.get("required") for p in parameters)
        for who, user in users.items():
            log_in(client, user)
            response = client.get(url)
            assert response.status_code in ({200, 403} | ({400, 422} if needs_query else set())), (url, who)
            if url.endswith("/people"):  # the secretariat and the city's own focal point only
                may = who == "focal point of the city" or bool(user and user.roles & STAFF_ROLES)
                assert (response.status_code == 200) == may, (url, who, response.status_code)
