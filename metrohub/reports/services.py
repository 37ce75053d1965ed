"""Publishing the annual report: an immutable snapshot per language, a new version per correction."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError
from metrohub.core.history import save_as
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.reports.build import pdf_from_html, public_links, report_body, report_html
from metrohub.reports.models import Publication
from metrohub.reports.permissions import can_publish_report


def latest_version(year: int) -> int:
    return Publication.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0


def report_publish(*, actor, year: int, base_url: str, note: str = "") -> list[Publication]:
    """Freeze the report of `year` as the records compute it now, in every language of the site,
    HTML and (where this machine can make it) PDF. A later publication is a correction: it says
    what it corrects, and the earlier version stays as it was."""
    ensure_allowed(actor, can_publish_report)
    note = note.strip()
    version = latest_version(year) + 1
    if version > 1 and not note:
        raise DomainError(_("A correction says what it corrects: write it in the note."))
    if year > timezone.localdate().year:
        raise DomainError(_("A report cannot be published for a year that has not begun."))
    now = timezone.now()
    rows = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            html = public_links(report_body(year, frozen_on=now), year)
            printable = public_links(
                report_html(year, base_url=base_url, frozen_on=now, version=version), year
            )
        rows.append((code, html, printable))
    try:
        with transaction.atomic():
            published = []
            for code, html, printable in rows:
                publication = Publication(
                    year=year,
                    version=version,
                    language=code,
                    html=html,
                    printable=printable,
                    note=note,
                    published_at=now,
                    published_by=acting_user(actor),
                )
                published.append(save_as(publication, actor))
    except IntegrityError:
        raise DomainError(
            _("Another version of this report was published at the same moment: reload the page.")
        ) from None
    return published


def publication_pdf(publication: Publication) -> bytes:
    """The version's PDF, made from its frozen printable HTML the first time and kept in storage.
    Raises PdfUnavailable where this machine cannot make PDFs."""
    if publication.pdf:
        with publication.pdf.open("rb") as stored:
            return stored.read()
    pdf = pdf_from_html(publication.printable, base_url="")
    name = f"annual-report-{publication.year}-v{publication.version}-{publication.language}.pdf"
    publication.pdf.save(name, ContentFile(pdf), save=False)
    Publication.objects.filter(pk=publication.pk, pdf="").update(pdf=publication.pdf.name)
    return pdf
