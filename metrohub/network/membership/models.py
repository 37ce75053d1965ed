"""The lifecycle's records: a prospective member and each move along its pipeline, and the renewal
reminders sent to members. Imported by network/models.py, so Django knows them as network's."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.network.membership.workflow import Stage
from metrohub.network.models import MembershipPeriod, Organisation


class Prospect(models.Model):
    """An organisation that may join: from its first expression of interest to the Board's
    decision and its admission (or a refusal). Admission links it to its Organisation."""

    class Channel(models.TextChoices):
        FORM = "form", _("Public form")
        STAFF = "staff", _("Entered by the secretariat")

    name = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Organisation.Kind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    category = models.CharField(
        _("category sought"), max_length=20, choices=MembershipPeriod.Category.choices
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    contact_title = models.CharField(_("their title"), max_length=200, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=4000)
    channel = models.CharField(_("came through"), max_length=10, choices=Channel.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.INTEREST)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("organisation in the registry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prospects",
    )
    decision_on = models.DateField(_("Board decision of"), null=True, blank=True)
    decision_body = models.ForeignKey(
        "network.GoverningBody",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reference = models.CharField(_("decision reference"), max_length=200, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("prospective member")
        verbose_name_plural = _("prospective members")
        indexes = [models.Index(fields=["stage", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage__in=["approved", "admitted"])
                | (Q(decision_on__isnull=False) & Q(decision_body__isnull=False) & ~Q(decision_reference="")),
                name="prospect_admitted_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProspectMove(models.Model):
    """One step along the pipeline: who took it, when and why. Never changed afterwards."""

    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="moves")
    step = models.CharField(_("step"), max_length=20)
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("why"), blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("pipeline step")
        verbose_name_plural = _("pipeline steps")

    def __str__(self) -> str:
        return f"{self.prospect} → {self.get_to_stage_display()}"


class RenewalReminder(models.Model):
    """A reminder to renew for a membership year, sent to one member: who asked, when, to whom."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        NO_ADDRESS = "no_address", _("Not sent: no address on record")

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="renewal_reminders"
    )
    year = models.PositiveSmallIntegerField(_("membership year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.CharField(_("sent to"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        indexes = [models.Index(fields=["year", "organisation"])]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.year}"
