"""The member registry: organisations, memberships and their periods, people, governance."""

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.core.text import normalise_name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City")
        METROPOLITAN = "metropolitan", _("Metropolitan government")
        REGIONAL = "regional", _("Regional government")
        INSTITUTION = "institution", _("Institution")
        PARTNER = "partner", _("Partner")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    region = models.ForeignKey(
        "core.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))],
        default="en",
        help_text=_("The language the network writes to it in (invoices, reminders)."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    geonameid = models.PositiveIntegerField(_("GeoNames id"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where this record comes from.")
    )
    synthetic = models.BooleanField(_("synthetic"), default=False, help_text=_("Generated, not real."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["name", "id"]),  # the directory's default order
            models.Index(fields=["region", "name"]),
            models.Index(fields=["kind", "name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def country_name(self) -> str:
        from metrohub.core.countries import country_name

        return country_name(self.country)


class OrganisationAlias(models.Model):
    """A spelling of an organisation's name. The name itself is one; matching goes through these."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    key = models.CharField(max_length=200, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise_name(self.name)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.key = normalise_name(self.name)
        super().clean_fields(exclude)


class Membership(models.Model):
    """An organisation's relation to the network; its periods tell its history."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="membership")
    joined_year = models.PositiveSmallIntegerField(_("joined"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.organisation}"


class PeriodQuerySet(models.QuerySet):
    def active_during(self, year: int) -> "PeriodQuerySet":
        """Active periods that overlap the calendar year (an unknown start counts as "before")."""
        return self.filter(
            Q(start__isnull=True) | Q(start__lt=dt.date(year + 1, 1, 1)),
            Q(end__isnull=True) | Q(end__gt=dt.date(year, 1, 1)),
            status=MembershipPeriod.Status.ACTIVE,
        )

    def active_on(self, day: dt.date) -> "PeriodQuerySet":
        """Periods active at the end of `day`: begun by then (an unknown start counts as before)
        and not ended by then. A figure "as of" a date reads this, so later records leave it be."""
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=day),
            Q(end__isnull=True) | Q(end__gt=day),
            status=MembershipPeriod.Status.ACTIVE,
        )

    def open(self) -> "PeriodQuerySet":
        return self.filter(end__isnull=True)


class MembershipPeriod(models.Model):
    """One stretch of a membership in one category and status. Periods never overlap and are
    never rewritten: a renewal or a change of status closes the open period and opens another."""

    class Category(models.TextChoices):
        FULL = "full", _("Full member")
        ASSOCIATE = "associate", _("Associate member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LAPSED = "lapsed", _("Lapsed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="periods")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    start = models.DateField(
        _("from"), null=True, blank=True, help_text=_("Blank: before the records begin.")
    )
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Blank: still open."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        blank=True,
        help_text=_("Why this period began: the Board decision, or the rule applied (arrears…)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = [F("start").asc(nulls_first=True), "id"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        indexes = [models.Index(fields=["membership", "end"])]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(end__isnull=True), name="one_open_period"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership} · {self.get_category_display()} · {self.get_status_display()}"


class Person(models.Model):
    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        ANOTHER = "another", _("Another gender")

    name = models.CharField(_("name"), max_length=200)
    gender = models.CharField(
        _("gender"),
        max_length=20,
        choices=Gender.choices,
        blank=True,
        help_text=_("As self-described; optional."),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A person's role at an organisation for a time: the mayor, the focal point."""

    class Role(models.TextChoices):
        HEAD = "head", _("Mayor, governor or head of government")
        ELECTED = "elected", _("Elected official")
        FOCAL_POINT = "focal_point", _("Focal point")
        STAFF = "staff", _("Staff")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="positions")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation", "person"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="position_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.title}"


class Consent(models.Model):
    """What a person agreed to, when and how; withdrawing keeps the record."""

    class Purpose(models.TextChoices):
        CONTACT = "contact", _("Being contacted by the secretariat")
        DIRECTORY = "directory", _("Listing in the member directory")
        NEWSLETTER = "newsletter", _("Receiving the newsletter")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    given_at = models.DateTimeField(_("given"))
    method = models.CharField(_("how"), max_length=200)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"


class GoverningBody(models.Model):
    class Kind(models.TextChoices):
        PRESIDENCY = "presidency", _("Presidency")
        BOARD = "board", _("Board of Directors")
        OTHER = "other", _("Other")

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A seat held for a term. A new mayor after an election is a new office, not an edit."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        VICE_PRESIDENT = "vice_president", _("Vice-president")
        TREASURER = "treasurer", _("Treasurer")
        MEMBER = "member", _("Member")

    body = models.ForeignKey(GoverningBody, on_delete=models.PROTECT, related_name="offices")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="offices")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="offices")
    region = models.ForeignKey("core.Region", on_delete=models.PROTECT, null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(_("title"), max_length=200, help_text=_("As the person signs: Mayor of Dakar."))
    start = models.DateField(_("from"), null=True, blank=True, help_text=_("Blank: not on record."))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Blank: in office."))
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "region", "person__name"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="office_ends_after_start",
            ),
            # One person holds one open seat of a body at a time.
            models.UniqueConstraint(
                fields=["body", "person"], condition=Q(end__isnull=True), name="one_open_seat_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} ({self.body})"


class RegionalSecretariat(models.Model):
    region = models.OneToOneField("core.Region", on_delete=models.PROTECT, related_name="secretariat")
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="secretariats_hosted")
    name = models.CharField(_("name"), max_length=200)
    inaugurated_year = models.PositiveSmallIntegerField(_("inaugurated"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regional secretariat")
        verbose_name_plural = _("regional secretariats")

    def __str__(self) -> str:
        return self.name


class PrivacyRequest(models.Model):
    """A log of data-protection actions on a person: an export or an erasure. It names the person
    by id only, so that it can outlive the erasure it records."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Export of personal data")
        ERASURE = "erasure", _("Erasure")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person_id = models.PositiveBigIntegerField(_("person id"))
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("data-protection request")
        verbose_name_plural = _("data-protection requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · person {self.person_id} · {self.at:%Y-%m-%d}"


# The lifecycle's records (prospects, pipeline steps, renewal reminders) live in a room of their
# own; importing the module here makes them network's models.
from metrohub.network.membership import models as _lifecycle  # noqa: E402, F401
