"""The two pages of every import: upload (and see the preview), then confirm. An app's view
checks its own permission rule and hands its `ImportFlow` to `upload_page` or `confirm_page`."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from metrohub.core.errors import DomainError, RowErrors
from metrohub.core.form_pages import bind, submit
from metrohub.core.imports import held as store
from metrohub.core.imports.flow import ImportFlow


def _render(request, flow: ImportFlow, *, form, preview=None, late_errors=(), status=200) -> HttpResponse:
    errors = list(preview.errors) if preview else []
    context = {
        "flow": flow,
        "form": form,
        "preview": preview,
        "shown_errors": errors[: flow.shown_errors],
        "late_errors": list(late_errors)[: flow.shown_errors],
        "columns": flow.columns(),
        "notes": flow.notes(),
        "may_confirm": preview is not None and bool(preview.token),
        "summary": flow.summary_text(preview) if preview else "",
    }
    return render(request, flow.template, context, status=status)


def upload_page(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    """The upload form; posted, the file is held, every row checked and the preview shown. A file
    that may be confirmed stays held under a token the confirmation brings back; any other is
    forgotten at once."""
    form = bind(request, flow.form_class)

    def check(data):
        upload = data["file"]
        if upload.size > flow.max_bytes:
            raise DomainError(_("The file is larger than %(mb)d MB.") % {"mb": flow.max_bytes >> 20})
        held = store.hold(
            flow=flow.name,
            kind=data["kind"],
            owner=request.user,
            file_name=upload.name,
            content=upload.read(),
        )
        try:
            preview = flow.check(held, actor=request.user)
        except BaseException:
            store.release(held)
            raise
        if flow.may_confirm(preview):
            preview.token = held.token
        else:
            store.release(held)
        return preview

    preview = submit(form, check, field="file").result
    status = 400 if preview is not None and preview.errors else 200
    return _render(request, flow, form=form, preview=preview, status=status)


def confirm_page(request: HttpRequest, flow: ImportFlow) -> HttpResponse:
    """Import the held upload named by the posted token and checksum, all or nothing; the upload
    is forgotten whatever comes of it."""
    if request.method != "POST":
        return redirect(flow.upload_url)
    try:
        held = store.held_upload(
            token=request.POST.get("token", ""),
            sha256=request.POST.get("sha256", ""),
            owner=request.user,
            flow=flow.name,
        )
    except store.NothingHeld as exc:
        messages.error(request, exc.message)
        return redirect(flow.upload_url)
    try:
        result = flow.write(held, actor=request.user)
    except RowErrors as exc:
        return _render(request, flow, form=flow.form_class(), late_errors=exc.rows, status=409)
    finally:
        store.release(held)
    messages.success(request, flow.done_message(result, held))
    return redirect(flow.done_url)
