"""Every write of Metro Futures: the catalogue, the drafts (observations and strategies imported
from files, cities tied to the registry) and the publication of releases. Pages, tasks, the demo
generator, loaders and benchmarks all come through here.

A service checks the actor's permission (`ensure_allowed`: the system actor, `SYSTEM`, passes —
loaders, the demo, tasks and benchmarks), validates first, then writes in one
transaction. The heavy lifting lives in helper modules: `observations` and `strategies` check and
write files, `publishing` holds the lock and places a release's files, `release_writer` writes them.
"""

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError, RowErrors
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.core.services import task_enqueue
from metrohub.futures import publishing
from metrohub.futures.catalogue import CATALOGUE, DIMENSIONS, definition_of
from metrohub.futures.catalogue import LICENCE as CATALOGUE_LICENCE
from metrohub.futures.catalogue import SOURCE as CATALOGUE_SOURCE
from metrohub.futures.matching import Preview
from metrohub.futures.models import City, CityIndicator, Dimension, Import, Publication, Release
from metrohub.futures.observations import observations_check, observations_preview, observations_write
from metrohub.futures.permissions import can_manage_futures
from metrohub.futures.publishing import PublicationAbandoned, PublicationRunning
from metrohub.futures.selectors import release_next_number
from metrohub.futures.strategies import strategies_check, strategies_preview, strategies_write

__all__ = [
    "PublicationAbandoned",
    "PublicationRunning",
    "catalogue_load",
    "city_ensure_for_organisation",
    "import_apply",
    "import_preview",
    "observations_import",
    "publication_request",
    "publication_run",
    "release_publish",
    "strategies_import",
]


# The catalogue --------------------------------------------------------------------------------


@transaction.atomic
def catalogue_load() -> int:
    """Create the dimensions and indicators of the demo catalogue that are missing; return how many
    indicators were added. A loader's step: it runs as the system actor."""
    dimensions = {}
    for order, (code, name, description) in enumerate(DIMENSIONS):
        dimensions[code], _created = Dimension.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    added = 0
    for entry in CATALOGUE:
        _indicator, created = CityIndicator.objects.get_or_create(
            code=entry.code,
            defaults={
                "name": entry.name,
                "definition": definition_of(entry),
                "unit": entry.unit,
                "numerator": entry.numerator,
                "denominator": entry.denominator,
                "direction": entry.direction,
                "dimension": dimensions[entry.dimension],
                "iso37120_theme": entry.iso,
                "sdg_target": entry.sdg,
                "umf_ref": entry.umf,
                "source": CATALOGUE_SOURCE,
                "licence": CATALOGUE_LICENCE,
                "plausible_min": entry.low,
                "plausible_max": entry.high,
                "synthetic": True,
            },
        )
        added += created
    return added


# Cities ---------------------------------------------------------------------------------------


def city_ensure_for_organisation(*, actor, organisation, population: int | None) -> City:
    """The Metro Futures city of a registry organisation, created from it (code, name, country,
    region, coordinates) if it has none yet."""
    ensure_allowed(actor, can_manage_futures)
    city, _created = City.objects.get_or_create(
        organisation=organisation,
        defaults={
            "code": slugify(organisation.slug or organisation.name)[:120],
            "name": organisation.name,
            "country": organisation.country,
            "region": organisation.region,
            "population": population,
            "latitude": float(organisation.latitude),
            "longitude": float(organisation.longitude),
        },
    )
    return city


# Imports: upload → check every row → preview → confirm, all or nothing ------------------------


def _import_record(*, kind: str, preview: Preview, file_name: str, actor, synthetic: bool) -> Import:
    return Import.objects.create(
        kind=kind,
        file_name=file_name,
        sha256=preview.sha256,
        format=preview.format,
        row_count=preview.row_count,
        imported_by=acting_user(actor),
        synthetic=synthetic,
    )


def observations_import(*, actor, file_name: str, content: bytes, synthetic: bool = False) -> Import:
    """Import every row or none: with any bad row, raises RowErrors and writes nothing. A row for a
    city, indicator, year and boundary already in the drafts revises it."""
    ensure_allowed(actor, can_manage_futures)
    preview, con = observations_check(file_name=file_name, content=content)
    try:
        if preview.errors:
            raise RowErrors(preview.errors)
        with transaction.atomic():
            record = _import_record(
                kind=Import.Kind.OBSERVATIONS,
                preview=preview,
                file_name=preview.file_name,
                actor=actor,
                synthetic=synthetic,
            )
            observations_write(con=con, record=record, synthetic=synthetic)
        return record
    finally:
        con.close()


@transaction.atomic
def strategies_import(*, actor, file_name: str, content: bytes, synthetic: bool = False) -> Import:
    """Import every strategy with its targets, or none. Writes the objects the preview checked."""
    ensure_allowed(actor, can_manage_futures)
    preview, clean = strategies_check(file_name=file_name, content=content)
    if preview.errors:
        raise RowErrors(preview.errors)
    record = _import_record(
        kind=Import.Kind.STRATEGIES,
        preview=preview,
        file_name=file_name[:255],
        actor=actor,
        synthetic=synthetic,
    )
    strategies_write(clean=clean, record=record, actor=actor, synthetic=synthetic)
    return record


def import_preview(*, kind: str, file_name: str, content: bytes) -> Preview:
    """Check every row of a file as its import would; writes nothing (the import checks again)."""
    if kind == Import.Kind.STRATEGIES:
        return strategies_preview(file_name=file_name, content=content)
    return observations_preview(file_name=file_name, content=content)


def import_apply(*, actor, kind: str, file_name: str, content: bytes) -> Import:
    """The confirmed import of a previewed file, by a member of staff."""
    if kind == Import.Kind.STRATEGIES:
        return strategies_import(actor=actor, file_name=file_name, content=content)
    return observations_import(actor=actor, file_name=file_name, content=content)


# Publishing releases --------------------------------------------------------------------------


def publication_request(*, actor, note: str = "", expected_number: int | None = None) -> Publication:
    """Queue the publication of the drafts as the next release; the task worker runs it.
    `expected_number` is the number the user confirmed: if a release was published since, the
    request is refused so that they look again. Another publication under way: PublicationRunning."""
    from metrohub.futures.tasks import publish_release

    ensure_allowed(actor, can_manage_futures)
    publishing.ensure_drafts()
    if expected_number is not None and expected_number != release_next_number():
        raise DomainError(
            _("Release %(number)d has been published since you looked: check what will be published.")
            % {"number": release_next_number() - 1}
        )
    publishing.ensure_changes()
    publication = publishing.take_lock(actor=actor, note=note.strip())
    label = _("Publication of Metro Futures release %(number)d") % {"number": publication.number}
    transaction.on_commit(
        lambda: task_enqueue(
            publish_release,
            requested_by=acting_user(actor),
            subject=f"futures.publication:{publication.pk}",
            label=label,
            publication_id=publication.pk,
        )
    )
    return publication


def publication_preview() -> dict:
    """What publishing now would do, for the confirmation (writes nothing): the next number, the
    drafts' counts, the changes since the last release, and why it would be refused (or None)."""
    from metrohub.futures.models import Observation, Strategy

    preview = {
        "number": release_next_number(),
        "observations": Observation.objects.count(),
        "cities": City.objects.count(),
        "strategies": Strategy.objects.count(),
        "changes": {"previous": None},
        "refusal": None,
    }
    try:
        publishing.ensure_drafts()
        preview["changes"] = publishing.ensure_changes()
    except DomainError as exc:
        preview["refusal"] = exc.message
    return preview


def release_publish(*, actor, note: str = "") -> Release:
    """Publish the drafts as the next numbered release now, in this process, under the lock
    (loaders, the demo, tests, benchmarks)."""
    ensure_allowed(actor, can_manage_futures)
    publishing.ensure_drafts()
    publishing.ensure_changes()
    publication = publishing.take_lock(actor=actor, note=note)
    return publication_run(publication_id=publication.pk)


def publication_run(*, publication_id: int) -> Release | None:
    """Run a queued publication (the task's body, as the system actor). None if it is no longer
    queued: taken over as stale, or delivered twice."""
    publication = publishing.claim(publication_id=publication_id)
    if publication is None:
        return None
    try:
        return publishing.build_and_place(publication)
    except PublicationAbandoned:
        raise  # its row already says so (failed, taken over)
    except Exception as exc:
        publishing.fail(publication, exc)
        raise
