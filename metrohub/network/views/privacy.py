"""Export or erase a person's data, on request (registry managers only)."""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from metrohub.core.access import permission
from metrohub.core.exports import as_attachment
from metrohub.core.form_pages import attempt
from metrohub.network.models import Person
from metrohub.network.permissions import registry_manager_rule
from metrohub.network.privacy import person_erase, person_export


@permission(registry_manager_rule)
@require_POST
def export_person(request, person_pk: int):
    person = get_object_or_404(Person, pk=person_pk, erased_at__isnull=True)
    data = person_export(actor=request.user, person=person)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    as_attachment(response, f"person-{person.pk}", "json")
    return response


@permission(registry_manager_rule)
def erase_person(request, person_pk: int):
    person = get_object_or_404(Person, pk=person_pk, erased_at__isnull=True)
    organisation = person.positions.select_related("organisation").first()
    if request.method == "POST" and request.POST.get("confirm") == "erase":
        attempt(
            request,
            lambda: person_erase(actor=request.user, person=person, note=request.POST.get("note", "")[:300]),
            success_message=_("The person's data were erased. The counts that included them are kept."),
        )
        if organisation:
            return redirect("network:organisation", pk=organisation.organisation_id)
        return redirect("network:directory")
    return render(request, "network/person_erase.html", {"person": person, "position": organisation})
