"""Synthetic communications data for demonstrations: subscribers in each state, a draft issue of the
newsletter ready to send, and one testimonial with consent. The report names no subscriber and no
issue, so these are invented, deterministic, and marked synthetic. Subscribers use example.org
addresses, which receive no mail."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from metrohub.comms import services
from metrohub.comms.models import Issue, Subscriber, Testimonial
from metrohub.core.permissions import SYSTEM
from metrohub.network.services import organisation_find
from metrohub.people.models import StaffMember

SUBSCRIBERS = [
    ("amara@example.org", "confirmed"),
    ("bruno@example.org", "confirmed"),
    ("chloe@example.org", "confirmed"),
    ("dmitri@example.org", "pending"),
    ("elena@example.org", "unsubscribed"),
]


def wording() -> str:
    network = settings.METROHUB_NETWORK_NAME
    return f"I agree to receive the {network} monthly newsletter by email at this address."


@transaction.atomic
def generate(*, year: int, seed: int = 2024) -> dict[str, int]:
    created = {"subscribers": 0, "issues": 0, "testimonials": 0}
    now = timezone.now()
    for email, status in SUBSCRIBERS:
        if Subscriber.objects.filter(email=email).exists():
            continue
        Subscriber.objects.create(
            email=email,
            status=status,
            confirmed_at=now if status != "pending" else None,
            consent_at=now if status != "pending" else None,
            consent_method="synthetic demo record",
            consent_wording=wording(),
            unsubscribed_at=now if status == "unsubscribed" else None,
            synthetic=True,
        )
        created["subscribers"] += 1
    if not Issue.objects.filter(synthetic=True).exists():
        author = StaffMember.objects.order_by("name").first()
        issue = services.issue_create(
            actor=SYSTEM,
            number=Issue.objects.count() + 1,
            title="Synthetic issue: World Metropolitan Day in Dakar",
            month=dt.date(year, 11, 1),
            author=author,
            introduction="<p>A synthetic issue to try sending: it is not a real newsletter.</p>",
            synthetic=True,
        )
        services.section_add(
            actor=SYSTEM,
            issue=issue,
            heading="Leading a Just Transition",
            body="<p>Synthetic text about the landmark event in Dakar.</p>",
            featured_organisation=organisation_find("Dakar"),
        )
        created["issues"] += 1
    if not Testimonial.objects.filter(synthetic=True).exists():
        Testimonial.objects.create(
            quote="The newsletter keeps our team close to what other metropolises are trying.",
            person_name="Synthetic Subscriber",
            title="International relations officer",
            consent=Testimonial.Consent.GIVEN,
            consent_at=now,
            consent_how="synthetic demo record",
            source="synthetic",
            synthetic=True,
        )
        created["testimonials"] += 1
    return created
