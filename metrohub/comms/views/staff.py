"""Comms pages for the secretariat: newsletter issues, their sections and sending, the
subscribers and their export, testimonials' consent."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
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
from metrohub.core.confirm import Confirmation
from metrohub.core.form_pages import action, edit_page, form_page, kept, record_action
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
    return edit_page(
        request,
        Issue,
        issue_pk,
        IssueForm,
        create=lambda data: services.issue_create(actor=request.user, **data),
        update=lambda issue, data: services.issue_update(actor=request.user, issue=issue, **data),
        template="comms/issue_form.html",
        name="issue",
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


def _issue_page(issue: Issue) -> str:
    return reverse("comms:issue_detail", args=[issue.pk])


section_add = record_action(
    Issue,
    permission(comms_rule),
    lambda request, issue, data: services.section_add(actor=request.user, issue=issue, **data),
    form=SectionForm,
    invalid_message=_l("A section needs a heading and some text."),
    success_message=_l("The section was added."),
    back=_issue_page,
)


@permission(comms_rule)
def issue_send(request, issue_pk: int):
    """Ask first (with a preview and a test send to oneself), then queue the sending."""
    issue = get_object_or_404(Issue, pk=issue_pk)
    return action(
        request,
        lambda: services.issue_send(actor=request.user, issue=issue, base_url=_base_url(request)),
        success_message=_("The issue is being sent to the confirmed subscribers."),
        back=reverse("comms:issue_detail", args=[issue.pk]),
        confirm=lambda data: _send_confirmation(request, issue),
    )


def _send_confirmation(request, issue: Issue) -> Confirmation:
    """Send “#12 · Title” to 1,234 subscribers?"""
    confirmed = subscriber_counts()[Subscriber.Status.CONFIRMED]
    sections = issue.sections.count()
    names = {"number": issue.number, "title": issue.title, "count": intcomma(confirmed)}
    confirmation = Confirmation(
        title=ngettext(
            "Send #%(number)s “%(title)s” to %(count)s subscriber?",
            "Send #%(number)s “%(title)s” to %(count)s subscribers?",
            confirmed,
        )
        % names,
        consequences=[
            ngettext(
                "Each of the %(count)s confirmed subscriber receives one mail, in their language.",
                "Each of the %(count)s confirmed subscribers receives one mail, in their language.",
                confirmed,
            )
            % names,
            ngettext("The issue has %(n)d section.", "The issue has %(n)d sections.", sections)
            % {"n": sections},
            _("Once sent, the issue can no longer be edited, and a mail is not taken back."),
        ],
        button=ngettext("Send to %(count)s subscriber", "Send to %(count)s subscribers", confirmed) % names,
        warning=None,
        extra="comms/_send_preview.html",
        context={"issue": issue, "email": request.user.email},
    )
    if issue.status != Issue.Status.DRAFT:
        confirmation.refusal = _("This issue has already been sent.")
    elif not sections:
        confirmation.refusal = _("An issue needs at least one section before it is sent.")
    elif not confirmed:
        confirmation.refusal = _(
            "No subscriber has confirmed their subscription yet: there is nobody to send it to."
        )
    return confirmation


@permission(comms_rule)
def issue_preview(request, issue_pk: int):
    """The mail as subscribers will get it (its links work; the unsubscribe one is a sample)."""
    issue = get_object_or_404(Issue, pk=issue_pk)
    message = services.issue_preview(issue=issue, base_url=_base_url(request), email=request.user.email)
    return HttpResponse(message.alternatives[0][0])


@permission(comms_rule)
@require_POST
def issue_test_send(request, issue_pk: int):
    issue = get_object_or_404(Issue, pk=issue_pk)
    return action(
        request,
        lambda: services.issue_test_send(actor=request.user, issue=issue, base_url=_base_url(request)),
        success_message=lambda email: _("A test was sent to %(email)s.") % {"email": email},
        back=reverse("comms:issue_send", args=[issue.pk]),
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


subscribers, subscribers_export = SUBSCRIBERS.views(
    permission(comms_rule), "comms/subscribers.html", lambda request: {"counts": subscriber_counts()}
)


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
