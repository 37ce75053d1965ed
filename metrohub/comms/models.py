"""Communications: the monthly newsletter (issues, sections, subscribers, deliveries),
publications and toolkits, media figures (campaigns, channels, video series) and testimonials."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from metrohub.core.models import action_line_field, thematic_priority_field

ORGANISATION = "network.Organisation"


def _organisation(label):
    return models.ForeignKey(
        ORGANISATION,
        verbose_name=label,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class Issue(models.Model):
    """An issue of the monthly newsletter. Its author is a member of the Secretariat General,
    a different one each month."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the issue's month."))
    author = models.ForeignKey(
        "people.StaffMember",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="newsletter_issues",
        help_text=_("The member of the Secretariat General who writes this month's article."),
    )
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("HTML; sanitised when saved."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


class Section(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=300)
    body = models.TextField(_("body"), help_text=_("HTML; sanitised when saved."))
    featured_organisation = _organisation(_("featured member"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")

    def __str__(self) -> str:
        return self.heading


class Subscriber(models.Model):
    """Someone who asked for the newsletter. They receive it only once confirmed (double opt-in)
    and never after unsubscribing; their consent is recorded as given."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_method = models.CharField(_("how consent was given"), max_length=200, blank=True)
    consent_wording = models.TextField(_("wording agreed to"), blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")

    def __str__(self) -> str:
        return self.email


class Delivery(models.Model):
    """One issue to one address. Unique per issue and address: an issue is never sent twice."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(_("email"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(_("error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="one_delivery_per_issue_and_address")
        ]

    def __str__(self) -> str:
        return f"{self.issue} → {self.email}"


class Publication(models.Model):
    class Kind(models.TextChoices):
        TOOLKIT = "toolkit", _("Toolkit")
        REPORT = "report", _("Report")
        GUIDE = "guide", _("Guide")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True)
    launched_on = models.CharField(
        _("launched"), max_length=200, blank=True, help_text=_("As the source says it.")
    )
    # The year, so activity per action line can count the publications of a year.
    year = models.PositiveSmallIntegerField(
        _("year published"), null=True, blank=True, help_text=_("Blank when unknown.")
    )
    url = models.URLField(_("address"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    action_line = action_line_field()
    thematic_priority = thematic_priority_field()
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("publication")

    def __str__(self) -> str:
        return self.title


class TrafficFigure(models.Model):
    """A web traffic figure of a publication, as stated (a count, or a ratio to a period before)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="traffic")
    label = models.CharField(_("what"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=100)
    period = models.PositiveSmallIntegerField(_("year"))
    quote = models.TextField(_("as stated"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("traffic figure")

    def __str__(self) -> str:
        return self.label


class Channel(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    platform = models.CharField(_("platform"), max_length=100)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True
    )
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("views"), null=True, blank=True)
    period = models.PositiveSmallIntegerField(_("year"))
    as_stated = models.CharField(_("as stated"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("channel")

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, null=True, blank=True
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, null=True, blank=True
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("views"), default=0)
    videos = models.PositiveIntegerField(_("videos"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("campaign")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="campaign_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class VideoSeries(models.Model):
    title = models.CharField(_("title"), max_length=300, unique=True)
    description = models.TextField(_("description"), blank=True)
    launched_in = models.PositiveSmallIntegerField(_("launched in"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("video series")
        verbose_name_plural = _("video series")

    def __str__(self) -> str:
        return self.title


class Episode(models.Model):
    series = models.ForeignKey(VideoSeries, on_delete=models.CASCADE, related_name="episodes")
    city = _organisation(_("city"))
    city_name = models.CharField(_("city (as named)"), max_length=200)
    guest = models.CharField(_("guest"), max_length=300, blank=True)
    released_in = models.PositiveSmallIntegerField(_("released in"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("episode")

    def __str__(self) -> str:
        return f"{self.series}: {self.city_name}"


class Testimonial(models.Model):
    """A quote with who said it. Shown publicly only with the person's consent on record."""

    class Consent(models.TextChoices):
        NOT_RECORDED = "not_recorded", _("Not recorded")
        GIVEN = "given", _("Given")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    quote = models.TextField(_("quote"))
    person_name = models.CharField(_("person"), max_length=200)
    title = models.CharField(_("title"), max_length=300, blank=True)
    city = _organisation(_("city"))
    city_name = models.CharField(_("city (as named)"), max_length=200, blank=True)
    consent = models.CharField(
        _("consent to publish"), max_length=20, choices=Consent.choices, default=Consent.NOT_RECORDED
    )
    consent_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_how = models.CharField(_("how consent was given"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person_name", "pk"]
        verbose_name = _("testimonial")

    def __str__(self) -> str:
        return f"{self.person_name}: {self.quote[:40]}"
