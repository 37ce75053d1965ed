"""Communications pages: the public newsletter archive, subscription (double opt-in) and
unsubscribing; publications, media figures and consented testimonials; and the communications
team's pages to compose and send issues and to keep subscribers and testimonials."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from metrohub.comms import services
from metrohub.comms.forms import (
    CONSENT_WORDING,
    ConsentForm,
    IssueFilter,
    IssueForm,
    SectionForm,
    SubscribeForm,
    SubscriberFilter,
    TestimonialFilter,
)
from metrohub.comms.models import Campaign, Channel, Issue, Publication, Subscriber, Testimonial, VideoSeries
from metrohub.comms.permissions import can_manage_comms, comms_rule
from metrohub.comms.selectors import (
    issues_with_counts,
    public_testimonials,
    sent_issues,
    subscriber_counts,
    testimonials_with_city,
)
from metrohub.core.access import permission, public
from metrohub.core.form_pages import action, bind, form_page, run, submit
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.net import client_ip
from metrohub.core.throttle import Throttled, throttle_hit, too_many


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


# --- Public: archive, subscribing, unsubscribing ---------------------------------------------------


CELLS = "comms/issue_list.html"


def _author(issue: Issue) -> str:
    return issue.author.name if issue.author else ""


ARCHIVE = Listing(
    name="newsletter",
    queryset=lambda request: sent_issues(),
    default_sort="-month",
    columns=[
        Column("number", _l("Number"), sort="number", numeric=True),
        Column("title", _l("Title"), sort="title"),
        Column("month", _l("Month"), sort="month"),
        Column("author", _l("Author"), value=_author),
    ],
)


@public
def archive(request):
    return ARCHIVE.render(request, "comms/archive.html", {"can_manage": can_manage_comms(request.user)})


@public
def archive_issue(request, issue_pk: int):
    issue = get_object_or_404(Issue.objects.select_related("author"), pk=issue_pk)
    if issue.status != Issue.Status.SENT and not can_manage_comms(request.user):
        raise Http404
    sections = issue.sections.select_related("featured_organisation")
    return render(request, "comms/archive_issue.html", {"issue": issue, "sections": sections})


@public
def subscribe(request):
    form = bind(request, SubscribeForm)

    def save(data):
        throttle_hit(
            scope="newsletter-client",
            key=client_ip(request),
            rate=settings.METROHUB_NEWSLETTER_CLIENT_RATE,
            message=_("Too many sign-ups from your address: try again in an hour."),
        )
        services.subscriber_subscribe(
            email=data["email"],
            name=data["name"],
            language=get_language() or "en",
            consent_wording=str(CONSENT_WORDING),
            method=_("subscription form on %(page)s") % {"page": request.build_absolute_uri()},
            base_url=_base_url(request),
        )

    if request.method == "POST":
        outcome = submit(form, save)
        if isinstance(outcome.error, Throttled):
            return too_many(request, outcome.error, "comms/subscribe.html", {"form": form})
        if outcome.done:
            # The same answer whether or not the address was known: the page tells nobody who subscribes.
            return render(request, "comms/subscribe_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "comms/subscribe.html", {"form": form})


@public
def confirm(request, token: str):
    outcome = run(lambda: services.subscriber_confirm(token=token))
    if not outcome.done:
        return render(request, "comms/subscription_result.html", {"error": outcome.error.message}, status=400)
    return render(request, "comms/subscription_result.html", {"confirmed": True})


@public
@csrf_exempt  # RFC 8058: a mail program POSTs the one-click unsubscribe; the signed token is the proof
def unsubscribe(request, token: str):
    if request.method == "POST":
        outcome = run(lambda: services.subscriber_unsubscribe(token=token))
        if not outcome.done:
            return render(
                request, "comms/subscription_result.html", {"error": outcome.error.message}, status=400
            )
        return render(request, "comms/subscription_result.html", {"unsubscribed": True})
    return render(request, "comms/unsubscribe.html", {"token": token})


# --- Public: publications, media figures, testimonials ---------------------------------------------


@public
def publications(request):
    items = Publication.objects.prefetch_related("traffic")
    return render(
        request,
        "comms/publications.html",
        {"publications": items, "figures": reconcile(period=2024, prefix="comms.toolkit")},
    )


@public
def media(request):
    figures = [
        row
        for row in reconcile(period=2024, prefix="comms.")
        if not row.declared.key.startswith("comms.toolkit")
    ]
    return render(
        request,
        "comms/media.html",
        {
            "campaigns": Campaign.objects.select_related("channel", "project"),
            "channels": Channel.objects.select_related("project"),
            "series": VideoSeries.objects.prefetch_related("episodes__city"),
            "figures": figures,
        },
    )


@public
def testimonials(request):
    return render(request, "comms/testimonials.html", {"testimonials": public_testimonials()})


# --- Communications team ----------------------------------------------------------------------------


ISSUES = Listing(
    name="newsletter-issues",
    queryset=lambda request: issues_with_counts(),
    filterset=IssueFilter,
    default_sort="-month",
    columns=[
        Column("number", _l("Number"), sort="number", numeric=True),
        Column("title", _l("Title"), sort="title", cell=f"{CELLS}#title"),
        Column("month", _l("Month"), sort="month", cell=f"{CELLS}#month"),
        Column("author", _l("Author"), value=_author, sort="author__name"),
        Column("status", _l("Status"), value="get_status_display", sort="status"),
        Column("sections", _l("Sections"), value="sections_count", numeric=True, on_page=False),
        Column("delivered", _l("Delivered"), value="sent_count", sort="sent_count", numeric=True),
        Column(
            "synthetic", _l("Synthetic"), value=lambda i: _("synthetic") if i.synthetic else "", on_page=False
        ),
    ],
)


@permission(comms_rule)
def issue_list(request):
    return ISSUES.render(request, "comms/issue_list.html", {"counts": subscriber_counts()})


@permission(comms_rule)
def issue_edit(request, issue_pk: int | None = None):
    issue = get_object_or_404(Issue, pk=issue_pk) if issue_pk is not None else None

    def save(data):
        if issue is None:
            return services.issue_create(actor=request.user, **data)
        return services.issue_update(actor=request.user, issue=issue, **data)

    return form_page(
        request,
        IssueForm,
        instance=issue,
        save=save,
        template="comms/issue_form.html",
        context={"issue": issue},
        success_url=lambda saved: reverse("comms:issue_detail", args=[saved.pk]),
        success_message=_("The issue was saved."),
    )


@permission(comms_rule)
def issue_detail(request, issue_pk: int):
    issue = get_object_or_404(Issue.objects.select_related("author"), pk=issue_pk)
    return render(
        request,
        "comms/issue_detail.html",
        {
            "issue": issue,
            "sections": issue.sections.select_related("featured_organisation"),
            "deliveries": issue.deliveries.order_by("email"),
            "section_form": SectionForm(),
            "counts": subscriber_counts(),
        },
    )


@permission(comms_rule)
@require_POST
def section_add(request, issue_pk: int):
    issue = get_object_or_404(Issue, pk=issue_pk)
    return action(
        request,
        lambda data: services.section_add(actor=request.user, issue=issue, **data),
        form=SectionForm,
        invalid_message=_("A section needs a heading and some text."),
        success_message=_("The section was added."),
        back=reverse("comms:issue_detail", args=[issue.pk]),
    )


@permission(comms_rule)
@require_POST
def issue_send(request, issue_pk: int):
    issue = get_object_or_404(Issue, pk=issue_pk)
    return action(
        request,
        lambda: services.issue_send(actor=request.user, issue=issue, base_url=_base_url(request)),
        success_message=_("The issue is being sent to the confirmed subscribers."),
        back=reverse("comms:issue_detail", args=[issue.pk]),
    )


def _isoformat(value) -> str:
    return value.isoformat() if value else ""


SUBSCRIBERS = Listing(
    name="subscribers",
    queryset=lambda request: Subscriber.objects.all(),
    filterset=SubscriberFilter,
    default_sort="email",
    export_url="comms:subscribers_export",
    columns=[
        Column("email", _l("Email"), sort="email", cell="comms/subscribers.html#email"),
        Column("name", _l("Name"), on_page=False),
        Column("status", _l("Status"), value="get_status_display", sort="status"),
        Column(
            "consent",
            _l("Consent"),
            sort="consent_at",
            cell="comms/subscribers.html#consent",
            in_export=False,
        ),
        Column("consent_at", _l("Consent given"), value=lambda s: _isoformat(s.consent_at), on_page=False),
        Column("consent_method", _l("How"), on_page=False),
        Column("consent_wording", _l("Wording"), on_page=False),
        Column(
            "unsubscribed_at",
            _l("Unsubscribed"),
            value=lambda s: _isoformat(s.unsubscribed_at),
            on_page=False,
        ),
    ],
)


@permission(comms_rule)
def subscribers(request):
    return SUBSCRIBERS.render(request, "comms/subscribers.html", {"counts": subscriber_counts()})


@permission(comms_rule)
def subscribers_export(request, fmt: str):
    return SUBSCRIBERS.export(request, fmt)


TESTIMONIALS = Listing(
    name="testimonials",
    queryset=lambda request: testimonials_with_city(),
    filterset=TestimonialFilter,
    default_sort="person",
    columns=[
        Column("quote", _l("Quote"), cell="comms/testimonial_list.html#quote"),
        Column("person", _l("Person"), value="person_name", sort="person_name", on_page=False),
        Column("city", _l("City"), value=lambda t: t.city.name if t.city else t.city_name, on_page=False),
        Column(
            "consent",
            _l("Consent to publish"),
            value="get_consent_display",
            sort="consent",
            cell="comms/testimonial_list.html#consent",
        ),
        Column("consent_how", _l("How it was given"), on_page=False),
        Column("source", _l("Source"), on_page=False),
        Column(
            "synthetic", _l("Synthetic"), value=lambda t: _("synthetic") if t.synthetic else "", on_page=False
        ),
    ],
)


@permission(comms_rule)
def testimonial_list(request):
    return TESTIMONIALS.render(request, "comms/testimonial_list.html")


@permission(comms_rule)
def testimonial_consent(request, testimonial_pk: int):
    testimonial = get_object_or_404(Testimonial, pk=testimonial_pk)
    return form_page(
        request,
        ConsentForm,
        initial={"consent": testimonial.consent, "how": testimonial.consent_how},
        save=lambda data: services.testimonial_consent(
            actor=request.user, testimonial=testimonial, consent=data["consent"], how=data["how"]
        ),
        template="comms/testimonial_consent.html",
        context={"testimonial": testimonial},
        success_url=reverse("comms:testimonial_list"),
        success_message=_("The consent was recorded."),
    )
