"""What the backup test needs from a site's own process (`LiveSite.run`): a call with an uploaded
attachment, record counts, and the paths to compare, with sample records for URL arguments."""

import re

from django.apps import apps
from django.urls import URLResolver, get_resolver

# Final path segments of pages whose GET we do not ask: actions (a GET shows their form at most,
# but the walk must not change either site), and the login pages' one-time flows.
ACTIONS = {"remove", "done", "pay", "waive", "send", "erase", "copy", "award", "consent", "publish",
           "confirm", "unsubscribe", "deactivate", "logout", "reauthenticate", "generate"}  # fmt: skip
ATTACHMENT = b"%PDF-1.4 budget of the backup test"


def attachment() -> int:
    """A call, Dakar's application to it, and a file uploaded with it (through the service)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from metrohub.calls import services
    from metrohub.calls.tests.factories import make_application, make_call
    from metrohub.core.permissions import SYSTEM
    from metrohub.network.models import Organisation

    call = make_call(title="Backup test call")
    application = make_application(call, Organisation.objects.get(slug="dakar"))
    upload = SimpleUploadedFile("budget.pdf", ATTACHMENT, content_type="application/pdf")
    return services.attachment_add(actor=SYSTEM, application=application, upload=upload).pk


def counts() -> dict[str, int]:
    """Rows of every table (many-to-many ones too) but the sessions."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != "sessions"
    }


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def _first(label: str, field: str = "pk", **filters) -> str | None:
    model = apps.get_model(label)
    value = model._base_manager.filter(**filters).order_by("pk").values_list(field, flat=True).first()
    return None if value is None else str(value)


def samples() -> dict[str, str | None]:
    """A record for each URL argument name: the first of its kind, Dakar where it can be."""
    return {
        "slug": "dakar", "pk": _first("network.Organisation", slug="dakar"),
        "person_pk": _first("network.Person"), "call_pk": _first("calls.Call"),
        "application_pk": _first("calls.Application"), "attachment_pk": _first("calls.Attachment"),
        "assignment_pk": _first("calls.Assignment"), "event_pk": _first("events.Event"),
        "panel_pk": _first("events.Panel"), "issue_pk": _first("comms.Issue"),
        "testimonial_pk": _first("comms.Testimonial"), "lab_pk": _first("programs.Lab"),
        "session_pk": _first("programs.Session"), "institute_pk": _first("programs.TrainingInstitute"),
        "course_pk": _first("programs.Course"), "project_pk": _first("projects.Project"),
        "fund_pk": _first("fund.Fund"), "grant_pk": _first("fund.Grant"),
        "agreement_pk": _first("finance.Agreement"), "invoice_pk": _first("finance.Invoice"),
        "staff_pk": _first("people.StaffMember"), "level_pk": _first("people.Level"), "year": "2024",
        "code": _first("mel.Indicator", "code"), "indicator": _first("futures.CityIndicator", "code"),
        "city": _first("futures.City", "code", organisation__slug="dakar"), "number": "1",
        "name": "observations.parquet",
    }  # fmt: skip


def _expanded(route: str) -> list[str]:
    """A regular-expression route as paths: `^x\\.(?P<fmt>csv|xlsx)$` gives x.csv and x.xlsx."""
    plain = route.replace("^", "").replace("$", "").replace("\\.", ".")
    choice = re.search(r"\(\?P<\w+>([a-z|]+)\)", plain)
    if choice:
        plain = [plain.replace(choice.group(0), option) for option in choice.group(1).split("|")]
        return [p for p in plain if "(" not in p]
    return [] if "(" in plain else [plain]


def routes() -> dict:
    """Every page of the URL configuration whose arguments have a sample (the API is walked from
    its OpenAPI document instead), every file of release 1, and samples for the API."""
    values = samples()
    paths = []
    for route in _walk(get_resolver().url_patterns):
        if route.startswith("api/"):
            continue
        if "(?P<" in route or route.startswith("^") or "/^" in route:
            found = _expanded(route)
        else:
            names = re.findall(r"<(?:\w+:)?(\w+)>", route)
            if any(values.get(name) is None for name in names):
                continue
            found = [re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)]
        paths += [p for p in found if p.rstrip("/").rsplit("/", 1)[-1] not in ACTIONS]
    release = apps.get_model("futures.Release").objects.get(number=1)
    paths += [f"futures/releases/1/{name}" for name in [*release.manifest["files"], "manifest.json"]]
    return {
        "paths": sorted({"/" + p for p in paths}),
        "api": {"organisation_id": values["pk"], "application_id": values["application_pk"],
                "call_id": values["call_pk"], "city": values["city"]},
        "indicator": values["indicator"],
        "city": values["city"],
    }  # fmt: skip
