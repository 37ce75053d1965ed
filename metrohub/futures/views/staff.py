"""Staff pages: the drafts, imports (upload, preview every row, confirm: all or nothing), publishing
(confirm, then a task under a lock; its page shows the progress)."""

import datetime as dt

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation, confirmation_page, is_confirmed
from metrohub.core.errors import DomainError, RowErrors
from metrohub.futures.forms import ImportForm, PublishForm
from metrohub.futures.models import City, Import, Observation, Publication, Release, Strategy
from metrohub.futures.permissions import manage_rule
from metrohub.futures.reading import OBSERVATION_COLUMNS, SDMX_COLUMNS, STRATEGY_COLUMNS
from metrohub.futures.selectors import publication_current, release_next_number
from metrohub.futures.services import (
    PublicationRunning,
    import_apply,
    import_preview,
    publication_preview,
    publication_request,
)
from metrohub.futures.storage import futures_root

SESSION_KEY = "futures-import"
# A publication still queued after this long: the page asks whether the task worker is running.
WORKER_LATE = dt.timedelta(seconds=20)
SHOWN_ERRORS = 1000


def _columns() -> dict[str, str]:
    return {
        _("observations (tidy)"): ", ".join(OBSERVATION_COLUMNS),
        _("observations (SDMX-CSV)"): ", ".join(c[0].upper() for c in SDMX_COLUMNS.values()),
        _("strategies"): ", ".join(STRATEGY_COLUMNS),
    }


@permission(manage_rule)
def manage(request):
    return render(
        request,
        "futures/manage.html",
        {
            "drafts": _drafts(),
            "next_number": release_next_number(),
            "running": publication_current(),
            "publications": Publication.objects.select_related("requested_by")[:5],
            "imports": Import.objects.select_related("imported_by")[:20],
            "releases": Release.objects.order_by("-number")[:20],
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


def _drafts() -> dict[str, int]:
    return {
        "observations": Observation.objects.count(),
        "cities": City.objects.count(),
        "strategies": Strategy.objects.count(),
    }


def _publish_confirmation(preview: dict) -> Confirmation:
    """Publish release 3? What it holds, and what changed since release 2."""
    number = preview["number"]
    lines = [
        _(
            "Release %(number)d will hold the drafts as they are now: %(observations)d observations for "
            "%(cities)d cities, and %(strategies)d strategies."
        )
        % preview
    ]
    changes = preview["changes"]
    if preview["refusal"]:
        pass  # the refusal says why; there is no change to count
    elif changes.get("previous") is None:
        lines.append(_("It is the first release."))
    else:
        parts = {"previous": changes["previous"]}
        lines += [
            _(
                "Since release %(previous)d: %(added)d observations added, %(revised)d changed, "
                "%(removed)d removed."
            )
            % {**parts, **changes["observations"]},
            _(
                "Strategies: %(added)d added, %(removed)d removed. "
                "Cities: %(c_added)d added, %(c_revised)d changed."
            )
            % {
                **changes["strategies"],
                "c_added": changes["cities"]["added"],
                "c_revised": changes["cities"]["revised"],
            },
        ]
    lines += [
        _("The public pages and the API will show it at once."),
        _(
            "The task worker publishes it in the background, in about a minute; "
            "the next page follows its progress."
        ),
    ]
    running = publication_current()
    return Confirmation(
        title=_("Publish release %(number)d?") % {"number": number},
        consequences=lines,
        button=_("Yes, publish release %(number)d") % {"number": number},
        style="success",
        warning=_(
            "A published release is never changed or deleted: to correct it, import the corrections and "
            "publish a new release."
        ),
        form=PublishForm(initial={"number": number}),
        cancel=reverse("futures:manage"),
        refusal=(PublicationRunning(running).message if running else preview["refusal"]),
        extra="futures/_publication_running.html" if running else None,
        context={"running": running},
    )


@permission(manage_rule)
def publish(request):
    """Ask first (a one-way action): what will be published, as which release, what changed
    since the last one; then queue it. An empty release is refused (by the service too)."""
    cancel = reverse("futures:manage")
    if not is_confirmed(request):
        return confirmation_page(request, _publish_confirmation(publication_preview()), cancel=cancel)
    form = PublishForm(request.POST)
    if not form.is_valid():
        confirmation = _publish_confirmation(publication_preview())
        confirmation.error = _("Check the form: nothing was published.")
        return confirmation_page(request, confirmation, cancel=cancel, status=400)
    try:
        publication = publication_request(
            actor=request.user, note=form.cleaned_data["note"], expected_number=form.cleaned_data["number"]
        )
    except DomainError as exc:
        confirmation = _publish_confirmation(publication_preview())
        if confirmation.refusal is None:
            confirmation.error = exc.message
        status = 409 if isinstance(exc, PublicationRunning) else 400
        return confirmation_page(request, confirmation, cancel=cancel, data=QueryDict(), status=status)
    return redirect("futures:publication", publication_pk=publication.pk)


@permission(manage_rule)
def publication(request, publication_pk: int):
    """A publication's state and progress; htmx asks for the status part every few seconds."""
    job = get_object_or_404(Publication.objects.select_related("requested_by", "release"), pk=publication_pk)
    waiting = timezone.now() - job.requested_at
    context = {"job": job, "worker_late": job.state == Publication.State.QUEUED and waiting > WORKER_LATE}
    template = (
        "futures/publication.html#status" if request.headers.get("HX-Request") else "futures/publication.html"
    )
    return render(request, template, context)
