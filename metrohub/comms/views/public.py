"""Public comms pages: the newsletter archive, subscribing, confirming and unsubscribing,
publications, media and testimonials."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.csrf import csrf_exempt

from metrohub.comms import services
from metrohub.comms.forms import (
    CONSENT_WORDING,
    SubscribeForm,
)
from metrohub.comms.models import Campaign, Channel, Issue, Publication, VideoSeries
from metrohub.comms.permissions import can_manage_comms
from metrohub.comms.selectors import (
    public_testimonials,
    sent_issues,
)
from metrohub.comms.views.common import _author, _base_url
from metrohub.core.access import public
from metrohub.core.action_lines import YearAndActionLine, by_action_line
from metrohub.core.form_pages import bind, run, submit
from metrohub.core.lists import Column, Listing
from metrohub.core.metrics import reconcile
from metrohub.core.net import client_ip
from metrohub.core.throttle import Throttled, throttle_hit, too_many

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


@public
def publications(request):
    shown = YearAndActionLine.from_request(request)
    items = by_action_line(Publication.objects.prefetch_related("traffic"), shown.action_line)
    if shown.year:
        items = items.filter(year=shown.year)
    return render(
        request,
        "comms/publications.html",
        {"publications": items, "shown": shown, "figures": reconcile(period=2024, prefix="comms.toolkit")},
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
