"""Comms pages for the secretariat: newsletter issues, their sections and sending, the
subscribers and their export, testimonials' consent."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from metrohub.comms import services
from metrohub.comms.forms import (
    ConsentForm,
    IssueFilter,
    IssueForm,
    SectionForm,
    SubscriberFilter,
    TestimonialFilter,
)
from metrohub.comms.models import Issue, Subscriber, Testimonial
from metrohub.comms.permissions import comms_rule
from metrohub.comms.selectors import (
    issues_with_counts,
    subscriber_counts,
    testimonials_with_city,
)
from metrohub.comms.views.common import _author, _base_url
from metrohub.core.access import permission
from metrohub.core.form_pages import action, form_page, kept
from metrohub.core.lists import Column, Listing

CELLS = "comms/issue_list.html"


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
            "section_form": kept(request, SectionForm),
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
