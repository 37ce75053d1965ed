"""`{% work_status "comms.issue" issue.pk %}`: the state of the latest background work about a
record (core/work.py), with its progress, its failure's reason and the retry button."""

from django import template

from metrohub.core.models import Work
from metrohub.core.work_pages import status_context

register = template.Library()


def latest_about(subject: str) -> Work | None:
    from metrohub.core.models import TaskProgress

    ids = TaskProgress.objects.filter(subject=subject).values("result_id")
    return Work.objects.with_progress().filter(pk__in=ids).order_by("-enqueued_at").first()


@register.inclusion_tag("core/_work_status.html", takes_context=True)
def work_status(context, kind: str, pk) -> dict:
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        **status_context(request, latest_about(f"{kind}:{pk}")),
    }
