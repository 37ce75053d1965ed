"""Staff pages: the drafts, imports (upload, preview every row, confirm: all or nothing), publishing
(confirm, then a task under a lock; its page shows the progress)."""

import datetime as dt

from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation, confirmation_page, is_confirmed
from metrohub.core.errors import DomainError
from metrohub.core.imports import Column, ImportFlow
from metrohub.core.imports.pages import confirm_page, upload_page
from metrohub.futures.forms import ImportForm, PublishForm
from metrohub.futures.models import (
    City,
    CityIndicator,
    Dimension,
    Import,
    Observation,
    Publication,
    Release,
    Strategy,
)
from metrohub.futures.permissions import manage_rule
from metrohub.futures.reading import MAX_OBSERVATION_BYTES, SDMX_COLUMNS
from metrohub.futures.selectors import publication_current, release_next_number
from metrohub.futures.services import (
    PublicationRunning,
    import_apply,
    import_preview,
    publication_preview,
    publication_request,
)

# A publication still queued after this long: the page asks whether the task worker is running.
WORKER_LATE = dt.timedelta(seconds=20)


def _codes(choices) -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in choices]


def allowed_columns() -> dict[str, list[Column]]:
    """Each kind of file → its columns and what each may hold, as the import page lists them."""
    indicators = [
        (code, f"{name} ({unit})")
        for code, name, unit in CityIndicator.objects.values_list("code", "name", "unit")
    ]
    dimensions = list(Dimension.objects.values_list("code", "name"))
    city = _(
        "a city's code or name (%(count)d cities in the catalogue), or another spelling the registry knows"
    ) % {"count": City.objects.count()}
    observations = [
        Column("city", city, required=True),
        Column("indicator", _("an indicator's code (or name):"), required=True, choices=indicators),
        Column("year", _("a year, 1900–2100"), required=True),
        Column("value", _("a number, within the indicator's plausible range"), required=True),
        Column("unit", _("the indicator's unit, or empty")),
        Column("boundary", _("one of these codes:"), choices=_codes(Observation.Boundary.choices),
               default=Observation.Boundary.MUNICIPAL.label),
        Column("method", _("one of these codes:"), choices=_codes(Observation.Method.choices),
               default=Observation.Method.MEASURED.label),
        Column("source", _("text, at most 300 characters")),
        Column("note", _("text, at most 500 characters")),
    ]  # fmt: skip
    sdmx = [
        Column(" / ".join(c.upper() for c in candidates),
               _("fills the column “%(column)s” above") % {"column": tidy},
               required=tidy in {"city", "indicator", "year", "value"})
        for tidy, candidates in SDMX_COLUMNS.items() if tidy != "obs_status"
    ] + [
        Column("OBS_STATUS", _("E or I: estimated; F: modelled; any other: measured"))
    ]  # fmt: skip
    strategies = [
        Column("city", city, required=True),
        Column("title", _("text, at most 300 characters; not a title the city's strategies already have"),
               required=True),
        Column("level", _("one of these codes:"), required=True, choices=_codes(Strategy.Level.choices)),
        Column("year_adopted", _("a year, 1900–2100")),
        Column("horizon", _("a year, 1900–2100")),
        Column("dimensions", _("dimension codes, separated by |:"), choices=dimensions),
        Column("sdgs", _("goal numbers 1–17, separated by |")),
        Column("link", _("a web address (https://…)")),
        Column("summary", _("text")),
        Column("targets", _("indicator code:value:year, several separated by | (pm25:10:2030)")),
    ]  # fmt: skip
    return {
        _("observations (tidy)"): observations,
        _("observations (SDMX-CSV)"): sdmx,
        _("strategies"): strategies,
    }


class FuturesImport(ImportFlow):
    """Observations (tidy or SDMX-CSV) or strategies. The checks are set-based in DuckDB and the
    writes bulk (futures/observations.py, futures/strategies.py); the hooks only hand them the
    held bytes."""

    name = "futures"
    form_class = ImportForm
    upload_url, confirm_url, done_url = "futures:import", "futures:import_confirm", "futures:manage"
    max_bytes = MAX_OBSERVATION_BYTES

    @property
    def title(self):
        return _("Import observations or strategies")

    @property
    def intro(self):
        return _(
            "Every row is checked first; you see what would be imported and confirm. A file with any "
            "bad row imports nothing. Imported rows are drafts until a release is published."
        )

    @property
    def breadcrumb(self):
        return (_("Manage Metro Futures"), "futures:manage")

    def columns(self):
        return allowed_columns()

    def notes(self):
        return [_("A row for a city, indicator, year and boundary already in the drafts revises it.")]

    def summary_text(self, preview):
        if not preview.summary:
            return ""
        return _("%(cities)s cities, %(indicators)s indicators, %(first)s–%(last)s.") % {
            "cities": preview.summary["cities"],
            "indicators": preview.summary["indicators"],
            "first": preview.summary["first_year"],
            "last": preview.summary["last_year"],
        }

    def check(self, held, *, actor):
        return import_preview(kind=held.kind, file_name=held.file_name, content=held.read())

    def write(self, held, *, actor):
        return import_apply(actor=actor, kind=held.kind, file_name=held.file_name, content=held.read())

    def done_message(self, record, held):
        return ngettext(
            "Imported %(count)d row from %(file)s as drafts. Publish a release to show it.",
            "Imported %(count)d rows from %(file)s as drafts. Publish a release to show them.",
            record.row_count,
        ) % {"count": record.row_count, "file": record.file_name}


FUTURES_IMPORT = FuturesImport()


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


@permission(manage_rule)
def import_upload(request):
    return upload_page(request, FUTURES_IMPORT)


@permission(manage_rule)
def import_confirm(request):
    return confirm_page(request, FUTURES_IMPORT)


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
