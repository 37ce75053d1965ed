"""Staff pages: the drafts, imports (upload, preview every row, confirm: all or nothing), publishing."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrohub.core.access import permission
from metrohub.core.errors import DomainError, RowErrors
from metrohub.futures.forms import ImportForm, PublishForm
from metrohub.futures.imports import import_apply, import_preview
from metrohub.futures.models import City, Import, Observation, Release, Strategy
from metrohub.futures.permissions import manage_rule
from metrohub.futures.reading import OBSERVATION_COLUMNS, SDMX_COLUMNS, STRATEGY_COLUMNS
from metrohub.futures.releases import release_publish
from metrohub.futures.storage import futures_root

SESSION_KEY = "futures-import"
SHOWN_ERRORS = 1000


def _columns() -> dict[str, str]:
    return {
        _("observations (tidy)"): ", ".join(OBSERVATION_COLUMNS),
        _("observations (SDMX-CSV)"): ", ".join(c[0].upper() for c in SDMX_COLUMNS.values()),
        _("strategies"): ", ".join(STRATEGY_COLUMNS),
    }


@permission(manage_rule)
def manage(request):
    latest = Release.objects.order_by("-number").first()
    drafts = {
        "observations": Observation.objects.count(),
        "cities": City.objects.count(),
        "strategies": Strategy.objects.count(),
    }
    return render(
        request,
        "futures/manage.html",
        {
            "drafts": drafts,
            "latest": latest,
            "imports": Import.objects.select_related("imported_by")[:20],
            "releases": Release.objects.annotate(n=Count("pk")).order_by("-number")[:20],
            "form": PublishForm(),
        },
    )


def _upload_path(sha256: str):
    return futures_root() / "uploads" / sha256


@permission(manage_rule)
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            preview = import_preview(kind=form.cleaned_data["kind"], file_name=upload.name, content=content)
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if not preview.errors:
                # Held on disk until the user confirms; the confirmation checks the same bytes again.
                path = _upload_path(preview.sha256)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
                request.session[SESSION_KEY] = {
                    "kind": preview.kind,
                    "name": upload.name,
                    "sha256": preview.sha256,
                }
    status = 400 if preview is not None and preview.errors else 200
    return render(
        request,
        "futures/import.html",
        {
            "form": form,
            "preview": preview,
            "shown_errors": preview.errors[:SHOWN_ERRORS] if preview else [],
            "columns": _columns(),
        },
        status=status,
    )


@permission(manage_rule)
def import_confirm(request):
    held = request.session.get(SESSION_KEY)
    path = _upload_path(held["sha256"]) if held else None
    if (
        request.method != "POST"
        or not held
        or request.POST.get("sha256") != held["sha256"]
        or not path.exists()
    ):
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("futures:import")
    del request.session[SESSION_KEY]
    try:
        record = import_apply(
            actor=request.user, kind=held["kind"], file_name=held["name"], content=path.read_bytes()
        )
    except RowErrors as exc:
        return render(
            request,
            "futures/import.html",
            {"form": ImportForm(), "columns": _columns(), "late_errors": exc.rows[:SHOWN_ERRORS]},
            status=409,
        )
    finally:
        path.unlink(missing_ok=True)
    messages.success(
        request,
        ngettext(
            "Imported %(count)d row from %(file)s as drafts. Publish a release to show it.",
            "Imported %(count)d rows from %(file)s as drafts. Publish a release to show them.",
            record.row_count,
        )
        % {"count": record.row_count, "file": record.file_name},
    )
    return redirect("futures:manage")


@permission(manage_rule)
def publish(request):
    form = PublishForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return redirect("futures:manage")
    try:
        release = release_publish(actor=request.user, note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("futures:manage")
    messages.success(request, _("Release %(number)d is published.") % {"number": release.number})
    return redirect("futures:manage")
