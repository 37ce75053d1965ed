"""Import organisations or people: upload, preview every row, then confirm. All or nothing."""

import base64

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from metrohub.core.access import permission
from metrohub.core.errors import RowErrors
from metrohub.core.form_pages import bind, submit
from metrohub.network.forms import ImportForm
from metrohub.network.imports import KINDS, import_apply, import_preview
from metrohub.network.permissions import import_rule

SESSION_KEY = "network-import"


@permission(import_rule)
def import_upload(request):
    form = bind(request, ImportForm)

    def check(data):
        upload = data["file"]
        content = upload.read()
        preview = import_preview(
            actor=request.user, kind=data["kind"], file_name=upload.name, content=content
        )
        if not preview.errors:
            # Held until the user confirms; the confirmation checks the same bytes again.
            request.session[SESSION_KEY] = {
                "kind": preview.kind,
                "name": upload.name,
                "sha256": preview.sha256,
                "content": base64.b64encode(content).decode("ascii"),
            }
        return preview

    preview = submit(form, check, field="file").result
    status = 400 if preview is not None and preview.errors else 200
    return render(
        request, "network/import.html", {"form": form, "preview": preview, "columns": KINDS}, status=status
    )


@permission(import_rule)
def import_confirm(request):
    held = request.session.get(SESSION_KEY)
    if request.method != "POST" or not held or request.POST.get("sha256") != held["sha256"]:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("network:import")
    try:
        preview = import_apply(
            actor=request.user,
            kind=held["kind"],
            file_name=held["name"],
            content=base64.b64decode(held["content"]),
        )
    except RowErrors as exc:
        del request.session[SESSION_KEY]
        return render(
            request,
            "network/import.html",
            {"form": ImportForm(), "columns": KINDS, "late_errors": exc.rows},
            status=409,
        )
    del request.session[SESSION_KEY]
    what = (
        ngettext("%(count)d organisation", "%(count)d organisations", len(preview.rows))
        if (preview.kind == "organisations")
        else ngettext("%(count)d person", "%(count)d people", len(preview.rows))
    )
    messages.success(
        request,
        _("Imported %(what)s from %(file)s.")
        % {"what": what % {"count": len(preview.rows)}, "file": preview.file_name},
    )
    return redirect("network:directory")
