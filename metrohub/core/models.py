"""Reference data shared by every app: regions and the figures documents declared."""

from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# The regions' names as the data migration writes them, marked here for translation.
REGION_NAMES = [
    gettext_noop("Africa"),
    gettext_noop("Eurasia & Middle East"),
    gettext_noop("Asia"),
    gettext_noop("Europe"),
    gettext_noop("Latin America & the Caribbean"),
    gettext_noop("North America"),
]


class Region(models.Model):
    """One of the network's world regions (the 2024 report has six)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language."""
        return gettext(self.name)


class DeclaredFigure(models.Model):
    """A figure a document declared (the 2024 report says 164 member cities).

    Kept apart from what the records compute, so the two can be shown side by side.
    """

    key = models.CharField(_("metric key"), max_length=100)
    period = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    document = models.CharField(_("document"), max_length=200)
    section = models.CharField(_("section"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["period", "key"]
        verbose_name = _("declared figure")
        verbose_name_plural = _("declared figures")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "period", "document"], name="declared_figure_once_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.period}): {self.value.normalize():f}"
