"""What describes the open data: each indicator's metadata page, the definitions of them all,
the releases with their files, and each release's data package."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render

from metrohub.core.access import public
from metrohub.futures import selectors
from metrohub.futures.datapackage import DESCRIPTOR, INDICATOR_FIELDS, package_name, read_descriptor
from metrohub.futures.models import Release
from metrohub.futures.release_files import ReleaseUnavailable, ensure_local
from metrohub.futures.storage import open_release_file
from metrohub.futures.views import validators
from metrohub.futures.views.public_twins import View, requested_release, respond

METADATA_COLUMNS = INDICATOR_FIELDS


def _about(request, release: Release, code: str) -> View:
    catalogue = selectors.catalogue(release)
    indicator = catalogue.indicator(code)
    if indicator is None:
        raise Http404
    row = {column: indicator.get(column) for column in METADATA_COLUMNS}
    return View(
        template="futures/indicator_about.html",
        filename=f"{code}-metadata",
        columns=METADATA_COLUMNS,
        rows=[row],
        context={
            "indicator": indicator,
            "dimension": next((d for d in catalogue.dimensions if d["code"] == indicator["dimension"]), None),
            "years": catalogue.years.get(code, []),
            "observation_sources": selectors.indicator_sources(release, indicator=code),
        },
    )


def _definitions(request, release: Release) -> View:
    catalogue = selectors.catalogue(release)
    rows = [{column: i.get(column) for column in METADATA_COLUMNS} for i in catalogue.indicators]
    return View(
        template="futures/definitions.html",
        filename="indicator-definitions",
        columns=METADATA_COLUMNS,
        rows=rows,
        context={"indicators": catalogue.indicators},
    )


@public
def indicator_about(request, indicator: str):
    return respond(request, requested_release(request), lambda release: _about(request, release, indicator))


@public
def definitions(request):
    return respond(request, requested_release(request), lambda release: _definitions(request, release))


@public
@validators.releases_page
def releases(request):
    listed = list(Release.objects.order_by("-number"))
    for release in listed:
        name = package_name(release.number)
        release.package_file = name if name in release.manifest.get("files", {}) else ""
    return render(request, "futures/releases.html", {"releases": listed})


@public
@validators.release_file
def release_file(request, number: int, name: str):
    release = validators.release_named(request, number)
    if release is None:
        raise Http404
    try:
        ensure_local(release)  # a node without the release's folder fetches it, checked, or refuses
    except ReleaseUnavailable as exc:
        return render(request, "futures/no_release.html", {"error": exc.message}, status=503)
    if name == DESCRIPTOR:  # the package's descriptor, read from inside its archive
        if package_name(number) not in release.manifest.get("files", {}):
            raise Http404
        with open_release_file(release.directory, package_name(number)) as archive:
            descriptor = read_descriptor(archive)
        return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
    if name not in release.manifest.get("files", {}) and name != "manifest.json":
        raise Http404
    try:
        handle = open_release_file(release.directory, name)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=not name.endswith(".json"), filename=name)
