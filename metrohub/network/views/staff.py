"""The registry for the secretariat: the directory and its exports, an organisation and its
people and focal points, governance, figures, the import and the personal-data export and erasure."""

# Over 400 lines because the organisation page's focal-point actions (invite, resend, withdraw,
# remove) sit beside the page they act on; the next page added here moves them to their own room.

import json

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from metrohub.accounts import services as account_services
from metrohub.accounts.models import Invitation
from metrohub.accounts.permissions import can_manage_focal_points, may_have_focal_point
from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.exports import as_attachment
from metrohub.core.form_pages import action, bind, form_page
from metrohub.core.imports import ImportFlow
from metrohub.core.imports.pages import confirm_page, upload_page
from metrohub.core.lists import Listing
from metrohub.network import services
from metrohub.network.forms import (
    DirectoryFilter,
    ErasureForm,
    ImportForm,
    InvitationForm,
    PersonForm,
    ProfileForm,
)
from metrohub.network.imports import allowed_columns, import_apply, import_preview
from metrohub.network.models import Organisation, Person
from metrohub.network.permissions import (
    can_edit_organisation,
    can_import,
    can_manage_registry,
    focal_point_rule,
    import_rule,
    organisation_edit_rule,
    organisation_private_rule,
    person_edit_rule,
    registry_manager_rule,
    registry_rule,
    sees_past_people,
)
from metrohub.network.privacy import person_erase, person_export
from metrohub.network.selectors import (
    focal_points_of,
    governing_bodies,
    invitations_of,
    organisation_history,
    organisation_profile,
    organisations_with_membership,
)
from metrohub.network.views import membership
from metrohub.network.views.common import _columns, reconciliation_context, render_directory

REGISTRY = Listing(
    name="registry",
    queryset=lambda request: organisations_with_membership(),
    filterset=DirectoryFilter,
    columns=_columns(staff=True),
    default_sort="name",
    tiebreak=("name", "pk"),
    export_url="network:directory_export",
)


class RegistryImport(ImportFlow):
    """Organisations or people from CSV/XLSX (network/imports.py checks and writes)."""

    name = "network"
    form_class = ImportForm
    upload_url, confirm_url, done_url = "network:import", "network:import_confirm", "network:directory"

    @property
    def title(self):
        return _("Import organisations or people")

    @property
    def intro(self):
        return _(
            "Upload a CSV or XLSX file. Every row is checked first; you see what would be imported "
            "and confirm. A file with any bad row imports nothing."
        )

    @property
    def breadcrumb(self):
        return (_("Registry"), "network:directory")

    def columns(self):
        return allowed_columns()

    def check(self, held, *, actor):
        return import_preview(actor=actor, kind=held.kind, file_name=held.file_name, content=held.read())

    def write(self, held, *, actor):
        return import_apply(actor=actor, kind=held.kind, file_name=held.file_name, content=held.read())

    def done_message(self, preview, held):
        count = len(preview.rows)
        what = (
            ngettext("%(count)d organisation", "%(count)d organisations", count)
            if preview.kind == "organisations"
            else ngettext("%(count)d person", "%(count)d people", count)
        )
        return _("Imported %(what)s from %(file)s.") % {
            "what": what % {"count": count},
            "file": preview.file_name,
        }


REGISTRY_IMPORT = RegistryImport()


@permission(import_rule)
def import_upload(request):
    return upload_page(request, REGISTRY_IMPORT)


@permission(import_rule)
def import_confirm(request):
    return confirm_page(request, REGISTRY_IMPORT)


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
    """Ask first, naming the person and what stays; only the Confirm button erases."""
    person = get_object_or_404(Person, pk=person_pk, erased_at__isnull=True)
    position = person.positions.select_related("organisation").first()
    back = (
        reverse("network:organisation", args=[position.organisation_id])
        if position
        else reverse("network:directory")
    )
    where = f" ({position.title}, {position.organisation.name})" if position and position.title else ""
    confirmation = Confirmation(
        title=_("Erase the data of %(name)s?") % {"name": person.name},
        consequences=[
            _(
                "Erasure blanks the name, contact details and titles of %(name)s%(where)s, and the "
                "history of those values, in every record that holds a copy."
            )
            % {"name": person.name, "where": where},
            _(
                "The records that counted them (a seat on a board, a position) stay, anonymous, so "
                "figures do not change."
            ),
        ],
        button=_("Erase for good"),
        style="danger",
        form=ErasureForm(),
        cancel=back,
    )
    return action(
        request,
        lambda data: person_erase(actor=request.user, person=person, note=data["note"]),
        form=ErasureForm,
        success_message=_("The person's data were erased. The counts that included them are kept."),
        back=back,
        confirm=confirmation,
    )


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


def _organisation_page(request, pk: int, *, invite_form=None, status: int = 200):
    organisation = organisation_profile(pk, past_people=sees_past_people(request.user))
    manages_focal_points = bool(can_manage_focal_points(request.user))
    can_manage = bool(can_manage_registry(request.user))
    context = {
        "organisation": organisation,
        "history": organisation_history(organisation, invitations=manages_focal_points),
        "can_edit": can_edit_organisation(request.user, organisation),
        "can_manage": can_manage,
        "membership_changes": membership.changes_available(organisation) if can_manage else [],
        "reminders": membership.members_reminded(organisation) if can_manage else [],
    }
    if manages_focal_points:
        context |= {
            "focal_points": focal_points_of(organisation),
            "invitations": invitations_of(organisation),
            "invite_form": invite_form or InvitationForm(),
            "may_have_focal_point": may_have_focal_point(organisation),
        }
    return render(request, "network/organisation.html", context, status=status)


@permission(organisation_private_rule)
def organisation_detail(request, pk: int):
    return _organisation_page(request, pk)


# Focal points: invited from the organisation's page; the mail leaves through the task worker.


def _back(pk: int) -> str:
    return reverse("network:organisation", args=[pk]) + "#focal-points"


@permission(focal_point_rule)
def focal_point_invite(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    return form_page(
        request,
        InvitationForm,
        post_only=_back(pk),
        save=lambda data: account_services.invitation_send(
            actor=request.user,
            organisation=organisation,
            email=data["email"],
            base_url=request.build_absolute_uri("/"),
            language=get_language() or "en",
        ),
        render_page=lambda form, status: _organisation_page(request, pk, invite_form=form, status=status),
        error_status=400,
        success_url=_back(pk),
        success_message=lambda sent: _("An invitation is on its way to %(email)s.") % {"email": sent.email},
    )


@permission(focal_point_rule)
def invitation_resend(request, pk: int, invitation_pk: int):
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation_id=pk)
    return action(
        request,
        lambda: account_services.invitation_resend(
            actor=request.user,
            invitation=invitation,
            base_url=request.build_absolute_uri("/"),
            language=get_language() or "en",
        ),
        back=_back(pk),
        success_message=_("A new link is on its way to %(email)s; the one sent before no longer works.")
        % {"email": invitation.email},
    )


@permission(focal_point_rule)
def invitation_revoke(request, pk: int, invitation_pk: int):
    invitation = get_object_or_404(Invitation, pk=invitation_pk, organisation_id=pk)
    return action(
        request,
        lambda: account_services.invitation_revoke(actor=request.user, invitation=invitation),
        back=_back(pk),
        success_message=_("The invitation of %(email)s was withdrawn.") % {"email": invitation.email},
        confirm=Confirmation(
            title=_("Withdraw the invitation of %(email)s?") % {"email": invitation.email},
            consequences=[_("The link sent to %(email)s stops working.") % {"email": invitation.email}],
            button=_("Withdraw the invitation"),
            style="danger",
            warning=None,
        ),
    )


@permission(focal_point_rule)
def focal_point_remove(request, pk: int, user_pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    focal_point = get_object_or_404(focal_points_of(organisation), pk=user_pk)
    name = focal_point.get_username()
    return action(
        request,
        lambda: account_services.focal_point_remove(
            actor=request.user, user=focal_point, organisation=organisation
        ),
        back=_back(pk),
        success_message=_("%(user)s is no longer a focal point of %(organisation)s.")
        % {"user": name, "organisation": organisation.name},
        confirm=Confirmation(
            title=_("Remove %(user)s as focal point of %(organisation)s?")
            % {"user": name, "organisation": organisation.name},
            consequences=[
                _("%(user)s loses access to the portal of %(organisation)s at once.")
                % {"user": name, "organisation": organisation.name},
                _("An account with no other role is closed; inviting the address again opens it anew."),
            ],
            button=_("Remove the focal point"),
            style="danger",
            warning=None,
        ),
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


@permission(registry_rule)
def figures(request):
    return render(request, "network/figures.html", reconciliation_context())
