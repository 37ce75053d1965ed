"""The secretariat's registry pages, and a focal point's view of their own organisation."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from metrohub.core.access import permission
from metrohub.core.form_pages import bind, form_page
from metrohub.network import services
from metrohub.network.forms import PersonForm, ProfileForm
from metrohub.network.models import Organisation, Person
from metrohub.network.permissions import (
    can_edit_organisation,
    can_import,
    can_manage_registry,
    organisation_edit_rule,
    organisation_private_rule,
    person_edit_rule,
    portal_rule,
    registry_rule,
    sees_past_people,
)
from metrohub.network.selectors import governing_bodies, organisation_history, organisation_profile
from metrohub.network.views.directory import REGISTRY, reconciliation_context, render_directory


@permission(registry_rule)
@vary_on_headers("HX-Request")
def directory(request):
    return render_directory(
        request,
        REGISTRY,
        page_template="network/directory.html",
        staff=True,
        can_import=can_import(request.user),
    )


@permission(registry_rule)
def directory_export(request, fmt: str):
    return REGISTRY.export(request, fmt)


@permission(organisation_private_rule)
def organisation_detail(request, pk: int):
    organisation = organisation_profile(pk, past_people=sees_past_people(request.user))
    return render(
        request,
        "network/organisation.html",
        {
            "organisation": organisation,
            "history": organisation_history(organisation),
            "can_edit": can_edit_organisation(request.user, organisation),
            "can_manage": can_manage_registry(request.user),
        },
    )


@permission(organisation_edit_rule)
def organisation_edit(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    form = bind(request, ProfileForm, instance=organisation)
    return form_page(
        request,
        form,
        save=lambda data: services.organisation_update(
            actor=request.user,
            organisation=organisation,
            **{field: data[field] for field in form.changed_data},
        ),
        template="network/organisation_form.html",
        context={"organisation": organisation},
        success_url=reverse("network:organisation", args=[pk]),
        success_message=lambda _saved: _("The profile of %(name)s was saved.") % {"name": organisation.name},
    )


@permission(person_edit_rule)
def person_edit(request, pk: int, person_pk: int | None = None):
    organisation = get_object_or_404(Organisation, pk=pk)
    person = position = None
    if person_pk is not None:
        # The rule let through only a person with a position here (an open one for a focal point).
        person = get_object_or_404(
            Person.objects.filter(positions__organisation=organisation).distinct(), pk=person_pk
        )
        position = person.positions.filter(organisation=organisation, end__isnull=True).first()
    initial = {"title": position.title, "role": position.role} if position else {}
    if person is not None:
        initial["contact_consent"] = person.consents.filter(
            purpose="contact", withdrawn_at__isnull=True
        ).exists()

    @transaction.atomic
    def save(data):
        details = {f: data[f] for f in ("name", "gender", "email", "phone")}
        now = timezone.now()
        saved = person
        if saved is None:
            saved = services.person_create(
                actor=request.user,
                organisation=organisation,
                role=data["role"],
                title=data["title"],
                **details,
            )
        else:
            services.person_update(actor=request.user, person=saved, organisation=organisation, **details)
            if position is not None:
                services.position_change(
                    actor=request.user,
                    position=position,
                    title=data["title"],
                    role=data["role"],
                    on=now.date(),
                )
        services.contact_consent_set(
            actor=request.user,
            person=saved,
            organisation=organisation,
            agreed=data["contact_consent"],
            at=now,
            method=_("recorded by %(user)s in the registry") % {"user": request.user},
        )
        return saved

    form = bind(request, PersonForm, instance=person, initial=initial)
    return form_page(
        request,
        form,
        save=save,
        template="network/person_form.html",
        context={"organisation": organisation, "person": person},
        success_url=reverse("network:organisation", args=[pk]),
        success_message=lambda _saved: _("%(name)s was saved.") % {"name": form.cleaned_data["name"]},
    )


@permission(registry_rule)
def governance(request):
    return render(request, "network/governance.html", {"bodies": governing_bodies()})


@permission(portal_rule)
def portal(request):
    """A focal point's home: their own organisation."""
    return redirect("network:organisation", pk=request.user.organisation_id)


@permission(registry_rule)
def figures(request):
    return render(request, "network/figures.html", reconciliation_context())
