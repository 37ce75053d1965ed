"""A published annual report: the report as the records computed it when it was approved, frozen.

One row per year, version and language: its HTML (the report's body, figures as they stood, links
only to public pages or to the declared figures' sources), its printable HTML, and the PDF made
from that printable HTML the first time someone asks for it (publishing stays quick; the PDF is as
frozen as the HTML it is made from). Nothing else changes a published row; a correction publishes
the next version, and the earlier one stays at its own address.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Publication(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    html = models.TextField(_("report"))
    printable = models.TextField(_("printable report"))
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    note = models.CharField(
        _("what this version corrects"), max_length=500, blank=True, help_text=_("Blank for a first version.")
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-version", "language"]
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version", "language"], name="publication_one_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} v{self.version} ({self.language})"
