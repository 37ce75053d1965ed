"""Every write in communications: newsletter issues and their sending, subscribers (double opt-in,
one-click unsubscribe), testimonials' consent. Pages, the task queue, the loader and the demo
come through here. `actor` is the user acting, or SYSTEM for metrohub itself."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from metrohub.comms import html, tokens
from metrohub.comms.models import Delivery, Issue, Section, Subscriber, Testimonial
from metrohub.comms.permissions import can_manage_comms
from metrohub.core.context_processors import network
from metrohub.core.errors import DomainError
from metrohub.core.history import delete_as, save_as
from metrohub.core.permissions import acting_user, ensure_allowed
from metrohub.core.services import task_enqueue, task_progress
from metrohub.core.throttle import throttle_hit

# How often sending tells its progress (each report is one write).
PROGRESS_EVERY = 10


def _url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


# --- Issues ---------------------------------------------------------------------------------------


def _check_author_rotates(*, month: dt.date, author, exclude_pk=None) -> None:
    """A different member of the Secretariat General writes each month."""
    if author is None:
        return
    previous = Issue.objects.filter(month__lt=month).exclude(pk=exclude_pk).order_by("-month").first()
    if previous is not None and previous.author_id == author.pk:
        raise DomainError(
            _("%(name)s wrote the previous issue: the newsletter's author changes each month.")
            % {"name": author.name}
        )


@transaction.atomic
def issue_create(
    *, actor, number: int, title: str, month: dt.date, author=None, introduction: str = "", synthetic=False
):
    ensure_allowed(actor, can_manage_comms)
    month = month.replace(day=1)
    if Issue.objects.filter(number=number).exists():
        raise DomainError(_("There is already an issue number %(number)s.") % {"number": number})
    if Issue.objects.filter(month=month).exists():
        raise DomainError(_("There is already an issue for this month."))
    _check_author_rotates(month=month, author=author)
    issue = Issue(
        number=number,
        title=title.strip(),
        month=month,
        author=author,
        introduction=html.clean(introduction),
        synthetic=synthetic,
    )
    return save_as(issue, actor)


@transaction.atomic
def issue_update(*, actor, issue: Issue, **changes) -> Issue:
    ensure_allowed(actor, can_manage_comms)
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != Issue.Status.DRAFT:
        raise DomainError(_("An issue that has been sent is not changed."))
    for field, value in changes.items():
        setattr(issue, field, html.clean(value) if field == "introduction" else value)
    issue.month = issue.month.replace(day=1)
    _check_author_rotates(month=issue.month, author=issue.author, exclude_pk=issue.pk)
    return save_as(issue, actor)


@transaction.atomic
def section_add(*, actor, issue: Issue, heading: str, body: str, featured_organisation=None) -> Section:
    ensure_allowed(actor, can_manage_comms)
    if issue.status != Issue.Status.DRAFT:
        raise DomainError(_("An issue that has been sent is not changed."))
    body = html.clean(body)
    if not heading.strip() or not body.strip():
        raise DomainError(_("A section needs a heading and some text."))
    order = issue.sections.count() + 1
    section = Section(
        issue=issue,
        order=order,
        heading=heading.strip(),
        body=body,
        featured_organisation=featured_organisation,
    )
    return save_as(section, actor)


@transaction.atomic
def issue_send(*, actor, issue: Issue, base_url: str) -> Issue:
    """Queue the issue for sending to every confirmed subscriber. The task queue does the sending,
    once this transaction has committed."""
    from metrohub.comms.tasks import send_issue

    ensure_allowed(actor, can_manage_comms)
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != Issue.Status.DRAFT:
        raise DomainError(_("This issue has already been sent."))
    if not issue.sections.exists():
        raise DomainError(_("An issue needs at least one section before it is sent."))
    issue.status = Issue.Status.SENDING
    save_as(issue, actor)
    label = _("Newsletter #%(number)s: %(title)s") % {"number": issue.number, "title": issue.title}
    transaction.on_commit(
        lambda: task_enqueue(
            send_issue,
            requested_by=acting_user(actor),
            subject=f"comms.issue:{issue.pk}",
            label=label,
            issue_id=issue.pk,
            base_url=base_url,
        )
    )
    return issue


def _issue_message(issue: Issue, subscriber: Subscriber, base_url: str) -> EmailMultiAlternatives:
    from django.urls import reverse

    unsubscribe = _url(base_url, reverse("comms:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]))
    context = {
        "issue": issue,
        "sections": issue.sections.select_related("featured_organisation"),
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe,
        "archive_url": _url(base_url, reverse("comms:archive_issue", args=[issue.pk])),
        **network(),
    }
    with translation.override(subscriber.language or "en"):
        subject = _("%(network_name)s newsletter #%(number)s: %(title)s") % {
            **network(),
            "number": issue.number,
            "title": issue.title,
        }
        text = render_to_string("comms/email/issue.txt", context)
        body = render_to_string("comms/email/issue.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscriber.email],
        # RFC 2369 and RFC 8058: mail programs show their own one-click "Unsubscribe" button.
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(body, "text/html")
    return message


def _pretend_subscriber(email: str) -> Subscriber:
    """The issue as a subscriber would get it, for its preview and a test send (never saved)."""
    return Subscriber(email=email, language=translation.get_language() or "en")


def issue_preview(*, issue: Issue, base_url: str, email: str) -> EmailMultiAlternatives:
    """The mail of `issue` as it would go out, sent nowhere (the send confirmation shows it)."""
    return _issue_message(issue, _pretend_subscriber(email), base_url)


def issue_test_send(*, actor, issue: Issue, base_url: str) -> str:
    """Send the issue to the actor alone, marked as a test, through Django's mail backend: no
    delivery is recorded and the issue stays a draft. Returns the address it went to."""
    ensure_allowed(actor, can_manage_comms)
    email = getattr(actor, "email", "")
    if not email:
        raise DomainError(_("Your account has no email address: add one to send yourself a test."))
    message = _issue_message(issue, _pretend_subscriber(email), base_url)
    message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
    message.send()
    return email


def issue_deliver(*, issue_id: int, base_url: str) -> dict[str, int]:
    """Send the issue to each confirmed subscriber who has not had it, recording each delivery.

    A delivery is claimed (queued or failed → sending) before its mail goes, so two runs of the
    task never send the same issue twice to one address; a failed one is retried by a new run."""
    issue = Issue.objects.get(pk=issue_id)
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    subscribers = list(Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED).order_by("pk"))
    task_progress(done=0, total=len(subscribers))
    for number, subscriber in enumerate(subscribers, start=1):
        if number > 1 and (number - 1) % PROGRESS_EVERY == 0:
            task_progress(done=number - 1, total=len(subscribers))
        delivery, _created = Delivery.objects.get_or_create(
            issue=issue, email=subscriber.email, defaults={"subscriber": subscriber}
        )
        claimed = Delivery.objects.filter(
            pk=delivery.pk,
            status__in=[Delivery.Status.QUEUED, Delivery.Status.FAILED],
            subscriber__status=Subscriber.Status.CONFIRMED,  # unsubscribed since the loop began
        ).update(status=Delivery.Status.SENDING)
        if not claimed:
            counts["skipped"] += 1
            continue
        try:
            _issue_message(issue, subscriber, base_url).send()
        except Exception as exc:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.FAILED, error=str(exc)[:500]
            )
            counts["failed"] += 1
        else:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.SENT, sent_at=timezone.now(), error=""
            )
            counts["sent"] += 1
    Issue.objects.filter(pk=issue.pk).update(
        status=Issue.Status.SENT, sent_at=issue.sent_at or timezone.now()
    )
    task_progress(done=len(subscribers), total=len(subscribers))
    return counts


# --- Subscribers ----------------------------------------------------------------------------------


@transaction.atomic
def subscriber_subscribe(
    *, email: str, consent_wording: str, method: str, base_url: str, name: str = "", language: str = "en"
) -> Subscriber:
    """Ask for the newsletter: the address gets a link to confirm it (double opt-in). Nothing is
    sent to it before it is confirmed. An address already confirmed gets no new mail.

    Anyone can type any address, so an address gets at most one confirmation mail per period
    (`METROHUB_NEWSLETTER_ADDRESS_RATE`; past it: Throttled, whether or not the address is known),
    and a pending request is never rewritten by a later one: the name, language and consent stay
    those of the first request, and only the confirmation mail goes out again."""
    from metrohub.comms.tasks import send_confirmation

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise DomainError(_("Enter a valid email address.")) from exc
    if not consent_wording.strip():
        raise DomainError(_("Agree to receive the newsletter to subscribe."))
    throttle_hit(
        scope="newsletter-address",
        key=email,
        rate=settings.METROHUB_NEWSLETTER_ADDRESS_RATE,
        message=_(
            "A confirmation mail was sent to this address a short while ago: look for it in that "
            "mailbox (and its spam folder), or try again later."
        ),
    )
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
        subscriber = subscriber or Subscriber(email=email)
        subscriber.name = name.strip()
        subscriber.language = language
        subscriber.status = Subscriber.Status.PENDING
        subscriber.consent_wording = consent_wording
        subscriber.consent_method = method
        save_as(subscriber, None)
    transaction.on_commit(
        lambda: task_enqueue(
            send_confirmation,
            requested_by=None,  # an anonymous visitor
            subject=f"comms.subscriber:{subscriber.pk}",
            label=_("Confirmation link to a new subscriber"),
            subscriber_id=subscriber.pk,
            base_url=base_url,
        )
    )
    return subscriber


def confirmation_send(*, subscriber_id: int, base_url: str) -> None:
    from django.urls import reverse

    subscriber = Subscriber.objects.get(pk=subscriber_id)
    if subscriber.status != Subscriber.Status.PENDING:
        return
    link = _url(base_url, reverse("comms:confirm", args=[tokens.confirm_token(subscriber)]))
    with translation.override(subscriber.language or "en"):
        send_mail(
            subject=_("Confirm your subscription to the %(network_name)s newsletter") % network(),
            message=render_to_string(
                "comms/email/confirm.txt", {"link": link, "subscriber": subscriber, **network()}
            ),
            from_email=None,
            recipient_list=[subscriber.email],
        )


def _subscriber_from(token: str, *, salt: str, max_age=None) -> Subscriber:
    data = tokens.read(token, salt=salt, max_age=max_age)
    subscriber = Subscriber.objects.filter(pk=data["s"], email=data["e"]).first() if data else None
    if subscriber is None:
        raise DomainError(_("This link is not valid, or it has expired."))
    return subscriber


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber:
    """The address is theirs: from now on it receives the newsletter. Consent is recorded now."""
    subscriber = _subscriber_from(token, salt=tokens.CONFIRM_SALT, max_age=tokens.CONFIRM_MAX_AGE)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return subscriber
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        raise DomainError(
            _("This address has unsubscribed since: subscribe again to receive the newsletter.")
        )
    now = timezone.now()
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.confirmed_at = now
    subscriber.consent_at = now
    subscriber.consent_method = f"{subscriber.consent_method} + email confirmation (double opt-in)"
    return save_as(subscriber, None)


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber:
    subscriber = _subscriber_from(token, salt=tokens.UNSUBSCRIBE_SALT)
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        save_as(subscriber, None)
    return subscriber


# --- Testimonials ---------------------------------------------------------------------------------


@transaction.atomic
def testimonial_consent(*, actor, testimonial: Testimonial, consent: str, how: str) -> Testimonial:
    ensure_allowed(actor, can_manage_comms)
    if consent == Testimonial.Consent.GIVEN and not how.strip():
        raise DomainError(_("Say how the person gave their consent."))
    testimonial.consent = consent
    testimonial.consent_how = how.strip()
    testimonial.consent_at = timezone.now()
    return save_as(testimonial, actor)


@transaction.atomic
def issue_delete(*, actor, issue: Issue) -> None:
    """Delete a draft issue with its sections; an issue that was sent is kept with its deliveries."""
    ensure_allowed(actor, can_manage_comms)
    delete_as(issue, actor, parts=(Section,))
