"""Background work of Metro Futures, run by the task queue (django-tasks, `manage.py db_worker`)."""

from django_tasks import task

from metrohub.core import work
from metrohub.futures.permissions import can_manage_futures


@task()
def publish_release(publication_id: int) -> int | None:
    """Publish the drafts as a release (see `futures.services.publication_run`); the release's number."""
    from metrohub.futures.services import publication_run

    release = publication_run(publication_id=publication_id)
    return release.number if release else None


def _publish_again(*, actor, result) -> None:
    """A failed publication gave up its lock: trying again is a new request for the next release."""
    from metrohub.futures.services import publication_request

    publication_request(actor=actor)


work.register(publish_release, kind=work.Kind.PUBLISHING, retry_rule=can_manage_futures, retry=_publish_again)
