"""Background work of Metro Futures, run by the task queue (django-tasks, `manage.py db_worker`)."""

from django_tasks import task


@task()
def publish_release(publication_id: int) -> int | None:
    """Publish the drafts as a release (see `futures.services.publication_run`); the release's number."""
    from metrohub.futures.services import publication_run

    release = publication_run(publication_id=publication_id)
    return release.number if release else None
