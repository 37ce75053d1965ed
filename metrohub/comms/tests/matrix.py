"""URL samples for the permission matrix (`metrohub/core/tests/test_permission_matrix.py`)."""

import datetime as dt

from metrohub.comms.models import Issue, Subscriber, Testimonial
from metrohub.comms.tokens import confirm_token


def samples() -> dict:
    issue = Issue.objects.create(number=900, title="Matrix issue", month=dt.date(2030, 1, 1))
    subscriber = Subscriber.objects.create(email="matrix@example.org")
    testimonial = Testimonial.objects.create(quote="Matrix", person_name="Matrix Person")
    return {"issue_pk": issue.pk, "token": confirm_token(subscriber), "testimonial_pk": testimonial.pk}
