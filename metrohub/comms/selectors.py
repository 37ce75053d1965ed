"""Reads in communications that are more than a lookup."""

from django.db.models import Count, Q, QuerySet

from metrohub.comms.models import Issue, Subscriber, Testimonial


def sent_issues() -> QuerySet[Issue]:
    return Issue.objects.filter(status=Issue.Status.SENT).select_related("author").order_by("-month")


def issues_with_counts() -> QuerySet[Issue]:
    return Issue.objects.select_related("author").annotate(
        sections_count=Count("sections", distinct=True),
        sent_count=Count("deliveries", filter=Q(deliveries__status="sent"), distinct=True),
    )


def testimonials_with_city() -> QuerySet[Testimonial]:
    return Testimonial.objects.select_related("city")


def subscriber_counts() -> dict[str, int]:
    return Subscriber.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Subscriber.Status.values}
    )


def public_testimonials() -> QuerySet[Testimonial]:
    """Only those whose subject consented to publication."""
    return Testimonial.objects.filter(consent=Testimonial.Consent.GIVEN).select_related("city")
