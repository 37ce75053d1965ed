"""URL samples for the permission matrix: Metro Futures' public pages answer without a release."""


def samples() -> dict:
    from django.utils import timezone

    from metrohub.futures.models import Publication

    publication = Publication.objects.create(
        number=1, state=Publication.State.FAILED, active=None, heartbeat_at=timezone.now()
    )
    return {
        "indicator": "pm25",
        "city": "dakar",
        "number": 1,
        "name": "manifest.json",
        "publication_pk": publication.pk,
    }
