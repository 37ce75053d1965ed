"""The background-work pages (core/work.py): the list of queued, running, done and failed tasks
with its CSV/JSON twins, one task's page, the status partial that other pages include (and htmx
polls), and the retry button."""

from urllib.parse import urlsplit

import django_filters
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from metrohub.core import services, work
from metrohub.core.access import permission
from metrohub.core.form_pages import action
from metrohub.core.lists import Column, ListFilterSet, Listing, SearchFilter
from metrohub.core.models import Work


def _kind(queryset, name, value):
    if value == work.Kind.OTHER:
        return queryset.exclude(task_path__in=list(work.REGISTRY))
    return queryset.filter(task_path__in=work.paths_of_kind(value))


class WorkFilter(ListFilterSet):
    q = SearchFilter("label", "task_path", label=_("Search"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=work.State.choices, empty_label=_("Any status")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=work.Kind.choices, empty_label=_("Any kind"), method=_kind
    )


def _isoformat(value) -> str:
    return value.isoformat() if value else ""


CELLS = "core/work_list.html"

WORK = Listing(
    name="background-work",
    queryset=lambda request: Work.objects.with_progress(),
    filterset=WorkFilter,
    default_sort="-enqueued",
    # What and how it went first: on a phone the table scrolls sideways past them.
    page_order=("work", "status", "kind", "enqueued", "requested_by"),
    columns=[
        Column(
            "enqueued",
            _("Queued at"),
            value=lambda w: _isoformat(w.enqueued_at),
            sort="enqueued_at",
            cell=f"{CELLS}#enqueued",
        ),
        Column("kind", _("Kind"), value="kind_label"),
        Column("work", _("Work"), value="title", sort="label", cell=f"{CELLS}#work"),
        Column("status", _("Status"), value="state_label", sort="status", cell=f"{CELLS}#status"),
        Column("progress", _("Progress"), value="progress_text", on_page=False),
        Column("reason", _("Reason it failed"), value="reason", on_page=False),
        Column("requested_by", _("Asked by"), value="requested_by_name", sort="requested_by_name"),
        Column(
            "finished",
            _("Finished at"),
            value=lambda w: _isoformat(w.finished_at),
            sort="finished_at",
            on_page=False,
        ),
        Column("retried_by", _("Retried by"), value="retried_by_name", on_page=False),
        Column("id", _("Task id"), value=lambda w: str(w.pk), on_page=False),
    ],
)


@permission(work.can_see_work)
def work_list(request):
    return WORK.render(request, "core/work_list.html", {"counts": _counts()})


def _counts() -> dict[str, int]:
    from django.db.models import Count

    found = dict(Work.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {state.name.lower(): found.get(state.value, 0) for state in work.State}


def status_context(request, item: Work | None) -> dict:
    """What the status partial needs: the work, and what this visitor may see and do with it."""
    user = request.user
    if item is None:
        return {"work": None}
    refresh = request.get_full_path()
    if request.headers.get("HX-Request") and request.headers.get("HX-Current-URL"):
        current = urlsplit(request.headers["HX-Current-URL"])
        refresh = current.path + (f"?{current.query}" if current.query else "")
    return {
        "work": item,
        "refresh_url": refresh,
        "show_reason": bool(work.can_see_work(user)),
        "can_follow": bool(work.can_follow(user, result_id=item.pk)),
        "can_retry": item.status == work.State.FAILED
        and not getattr(item, "retried_at", None)
        and bool(work.can_retry(user, result_id=item.pk)),
    }


@permission(work.can_follow)
def work_detail(request, result_id):
    item = get_object_or_404(Work.objects.with_progress(), pk=result_id)
    context = status_context(request, item)
    if request.headers.get("HX-Request"):
        return render(request, "core/_work_status.html", context)
    return render(request, "core/work_detail.html", context)


@permission(work.can_retry)
def work_retry(request, result_id):
    back = request.POST.get("back") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("work:detail", args=[result_id])
    return action(
        request,
        lambda: services.task_retry(actor=request.user, result_id=result_id),
        success_message=_("The work was queued again."),
        back=back,
    )
