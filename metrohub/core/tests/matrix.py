"""URL samples for the permission matrix (`metrohub/core/tests/test_permission_matrix.py`): a
failed piece of background work, for its page and its retry button."""


def samples() -> dict:
    from django_tasks_db.models import DBTaskResult, get_date_max

    result = DBTaskResult.objects.create(
        task_path="metrohub.comms.tasks.send_confirmation",
        args_kwargs={"args": [], "kwargs": {"subscriber_id": 0, "base_url": "http://testserver"}},
        backend_name="default",
        run_after=get_date_max(),
        status="FAILED",
        traceback="Traceback (most recent call last):\nOSError: mail server down\n",
    )
    return {"result_id": result.pk}
