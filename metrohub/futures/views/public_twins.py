"""How every explorer view answers: one builder makes a `View` (the page's context, its rows, its
chart), which serves the page, its `?format=csv` and `?format=json` twins, and its embed."""

from dataclasses import dataclass, field

from csp.decorators import csp_replace
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt

from metrohub.core.access import public
from metrohub.core.errors import DomainError
from metrohub.core.exports import csv_response
from metrohub.futures import chart_files, selectors
from metrohub.futures.models import Release
from metrohub.futures.release_files import ReleaseUnavailable


@dataclass
class View:
    """What one explorer view shows: the page context, its rows for the twins, and a chart."""

    template: str
    filename: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    context: dict = field(default_factory=dict)
    spec: dict | None = None
    # The page's other charts by name (`?chart=map`), and the sources and licences of what they show.
    charts: dict[str, dict] = field(default_factory=dict)
    credit: chart_files.Credit | None = None


def int_param(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def requested_release(request) -> Release | None:
    """The release the query names (`?release=N`), else the latest; asked once per request (the
    page's validator and the page both read it)."""
    if not hasattr(request, "futures_release"):
        try:
            request.futures_release = selectors.published_release(int_param(request.GET.get("release")))
        except ReleaseUnavailable as exc:  # never served: the page says why
            request.futures_release, request.futures_release_error = None, exc.message
    return request.futures_release


def _unavailable(request, fmt: str = "html"):
    error = getattr(request, "futures_release_error", None)
    if error is None:
        return None
    if fmt == "json":
        return JsonResponse({"detail": error}, status=503)
    return render(request, "futures/no_release.html", {"error": error}, status=503)


def respond(request, release: Release | None, build) -> object:
    """Render the page, or its CSV/JSON twin; a missing release or a bad query says so clearly."""
    fmt = request.GET.get("format", "html")
    if release is None:
        unavailable = _unavailable(request, fmt)
        if unavailable is not None:
            return unavailable
        if fmt == "json":
            return JsonResponse({"release": None, "rows": []})
        return render(request, "futures/no_release.html", {"requested": request.GET.get("release")})
    try:
        view = build(release)
    except DomainError as exc:
        if fmt == "json":
            return JsonResponse({"detail": exc.message}, status=400)
        return render(
            request, "futures/no_release.html", {"release": release, "error": exc.message}, status=400
        )
    if fmt in chart_files.FORMATS:
        return chart_download(request, release, view, fmt)
    if fmt == "csv":
        return csv_response(
            filename=f"metro-futures-r{release.number}-{view.filename}"
            + ("-synthetic" if release.synthetic else ""),
            header=view.columns,
            rows=([_cell(row.get(c)) for c in view.columns] for row in view.rows),
        )
    if fmt == "json":
        return JsonResponse(
            {"release": release.number, "synthetic": release.synthetic, "rows": view.rows},
            json_dumps_params={"ensure_ascii": False},
        )
    context = {
        "release": release,
        "spec": view.spec,
        "rows": view.rows,
        "licences": selectors.catalogue(release).licences,  # for "cite this"
        **view.context,
    }
    return render(request, view.template, context)


def chart_download(request, release: Release, view: View, fmt: str) -> HttpResponse:
    """One of the view's charts as an SVG or PNG file, drawn on the server with its credits."""
    name = request.GET.get("chart") or ""
    spec = view.charts.get(name) if name else view.spec
    if spec is None:
        raise Http404
    printable = chart_files.printable(
        spec,
        title=spec.get("description", ""),
        credit=view.credit or chart_files.credit_of([]),
        release=release,
    )
    stem = f"metro-futures-r{release.number}-{view.filename}" + (f"-{name}" if name else "")
    stem += "-synthetic" if release.synthetic else ""
    response = HttpResponse(chart_files.render(printable, fmt), content_type=chart_files.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


def _cell(value):
    return "|".join(map(str, value)) if isinstance(value, list) else value


def respond_embed(request, build):
    release = requested_release(request)
    if release is None:
        return _unavailable(request) or render(request, "futures/no_release.html", {})
    try:
        view = build(release)
    except DomainError as exc:
        return render(
            request, "futures/no_release.html", {"release": release, "error": exc.message}, status=400
        )
    if view.spec is None:
        raise Http404
    if request.GET.get("format") in chart_files.FORMATS:
        return chart_download(request, release, view, request.GET["format"])
    return render(request, "futures/embed.html", {"release": release, "spec": view.spec, **view.context})


# A chart-only page that other sites may frame: the only views without X-Frame-Options: DENY.
def embeddable(view):
    return public(xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(view)))
