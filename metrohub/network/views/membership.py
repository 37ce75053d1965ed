"""The membership lifecycle's pages for the membership team: the pipeline of prospective members
and a page per prospect with the steps of its stage, the changes of a member's category and
status, and the year's renewal list with its reminders. Every one-way step asks first."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.form_pages import form_errors_text, form_page
from metrohub.core.lists import Column, Listing
from metrohub.network.membership import services as lifecycle
from metrohub.network.membership.forms import (
    CHANGES,
    ChangeForm,
    PipelineFilter,
    ProspectForm,
    ReminderForm,
    RenewalFilter,
    StepForm,
)
from metrohub.network.membership.models import Prospect, RenewalReminder
from metrohub.network.membership.renewal import not_recorded, renewal_members, renewal_states
from metrohub.network.membership.workflow import STEPS, can_take, steps_from
from metrohub.network.models import MembershipPeriod, Organisation
from metrohub.network.permissions import registry_manager_rule

managers_only = permission(registry_manager_rule)

PIPELINE = Listing(
    name="prospects",
    queryset=lambda request: Prospect.objects.select_related("region", "organisation"),
    filterset=PipelineFilter,
    columns=[
        Column("name", _l("Organisation"), sort="name", cell="network/membership/prospect_list.html#name"),
        Column("country", _l("Country"), sort="country"),
        Column("region", _l("Region"), value="region.label", sort="region__code"),
        Column("category", _l("Category sought"), value="get_category_display", sort="category"),
        Column("stage", _l("Stage"), value="get_stage_display", sort="stage"),
        Column("channel", _l("Came through"), value="get_channel_display", on_page=False),
        Column("contact", _l("Contact"), value="contact_name", on_page=False),
        Column("contact_email", _l("Contact email"), on_page=False),
        Column("decision", _l("Board decision"), value="decision_reference", on_page=False),
        Column("received", _l("Received"), value=lambda p: p.created_at.date(), sort="created_at"),
    ],
    default_sort="-received",
    export_url="network:prospects_export",
)

prospect_list, prospects_export = PIPELINE.views(managers_only, "network/membership/prospect_list.html")


@managers_only
def prospect_add(request):
    return form_page(
        request,
        ProspectForm,
        save=lambda data: lifecycle.prospect_create(actor=request.user, **data),
        template="network/membership/prospect_form.html",
        success_url=lambda prospect: reverse("network:prospect", args=[prospect.pk]),
        success_message=_("The prospect was added to the pipeline."),
    )


@managers_only
def prospect_detail(request, prospect_pk: int):
    prospect = get_object_or_404(
        Prospect.objects.select_related("region", "organisation", "decision_body"), pk=prospect_pk
    )
    steps = [(step, can_take(request.user, prospect, step)) for step in steps_from(prospect.stage)]
    return render(
        request,
        "network/membership/prospect.html",
        {"prospect": prospect, "moves": prospect.moves.select_related("actor"), "steps": steps},
    )


def _step_consequences(prospect, step, data) -> list[str]:
    if step.code == "admit":
        return [
            _(
                "%(name)s enters the registry as a %(category)s from %(date)s, and appears in the "
                "member directory."
            )
            % {
                "name": prospect.name,
                "category": MembershipPeriod.Category(data["category"]).label.lower(),
                "date": data["admitted_on"],
            }
        ]
    if step.code == "approve":
        return [
            _("The Board's decision %(reference)s of %(date)s is recorded for %(name)s.")
            % {"reference": data["decision_reference"], "date": data["decision_on"], "name": prospect.name}
        ]
    return [
        _("%(name)s moves from “%(from)s” to “%(to)s”.")
        % {"name": prospect.name, "from": prospect.get_stage_display(), "to": step.target.label}
    ]


@managers_only
def prospect_step(request, prospect_pk: int, move: str):
    step = STEPS.get(move)
    if step is None:
        raise Http404
    prospect = get_object_or_404(Prospect, pk=prospect_pk)
    back = reverse("network:prospect", args=[prospect.pk])
    verdict = can_take(request.user, prospect, step)
    return form_page(
        request,
        StepForm,
        form_kwargs={"step": step.code, "prospect": prospect},
        save=lambda data: lifecycle.prospect_move(
            actor=request.user, prospect=prospect, step=step.code, **data
        ),
        template="network/membership/step_form.html",
        context={"prospect": prospect, "step": step, "refusal": None if verdict else verdict.reason},
        success_url=back,
        success_message=str(step.done),
        confirm=lambda data: Confirmation(
            title=_("%(step)s: %(name)s?") % {"step": step.label, "name": prospect.name},
            consequences=_step_consequences(prospect, step, data),
            button=str(step.label),
            style=step.style.removeprefix("outline-"),
            cancel=back,
        ),
    )


CHANGE_LABELS = {
    "category": _l("Change category"),
    "suspend": _l("Suspend"),
    "reinstate": _l("Reinstate"),
    "withdraw": _l("Record a withdrawal"),
    "lapse": _l("Record a lapse"),
}
# The changes a member's open period offers, by its status.
CHANGES_FROM = {
    MembershipPeriod.Status.ACTIVE: ("category", "suspend", "withdraw", "lapse"),
    MembershipPeriod.Status.SUSPENDED: ("reinstate", "category", "withdraw", "lapse"),
    MembershipPeriod.Status.LAPSED: ("reinstate", "withdraw"),
    MembershipPeriod.Status.WITHDRAWN: (),
}


def changes_available(organisation) -> list[tuple[str, str]]:
    """The buttons of a member's staff page: (change, label), for its open period's status."""
    membership = getattr(organisation, "membership", None)
    if membership is None:
        return []
    current = next((p for p in membership.periods.all() if p.end is None), None)
    if current is None:
        return []
    return [(change, CHANGE_LABELS[change]) for change in CHANGES_FROM.get(current.status, ())]


def _apply_change(request, organisation, change, data):
    common = {"actor": request.user, "organisation": organisation, "on": data["on"], "reason": data["reason"]}
    if change == "category":
        return lifecycle.membership_change_category(category=data["category"], **common)
    return {
        "suspend": lifecycle.membership_suspend,
        "reinstate": lifecycle.membership_reinstate,
        "withdraw": lifecycle.membership_withdraw,
        "lapse": lifecycle.membership_lapse,
    }[change](**common)


@managers_only
def membership_change(request, pk: int, change: str):
    if change not in CHANGES:
        raise Http404
    organisation = get_object_or_404(Organisation, pk=pk)
    back = reverse("network:organisation", args=[organisation.pk])
    current = MembershipPeriod.objects.filter(membership__organisation=organisation, end__isnull=True).first()
    label = CHANGE_LABELS[change]
    return form_page(
        request,
        ChangeForm,
        form_kwargs={"change": change},
        save=lambda data: _apply_change(request, organisation, change, data),
        template="network/membership/change_form.html",
        context={"organisation": organisation, "current": current, "label": label, "change": change},
        success_url=back,
        success_message=lambda period: (
            _("From %(date)s, %(name)s is %(status)s (%(category)s).")
            % {
                "date": period.start,
                "name": organisation.name,
                "status": period.get_status_display().lower(),
                "category": period.get_category_display().lower(),
            }
        ),
        confirm=lambda data: Confirmation(
            title=_("%(change)s: %(name)s?") % {"change": label, "name": organisation.name},
            consequences=[
                _(
                    "The current period closes on %(date)s and a new one opens; the past periods stay as "
                    "they are."
                )
                % {"date": data["on"]},
                *([_("Reason: %(reason)s") % {"reason": data["reason"]}] if data.get("reason") else []),
            ],
            button=str(label),
            style="danger" if change in ("suspend", "withdraw", "lapse") else "primary",
            cancel=back,
        ),
    )


# --- Renewal ---------------------------------------------------------------------------------------


def renewal_year(request) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    return year if 1900 <= year <= 2100 else timezone.localdate().year


def _renewal_state(organisation) -> str:
    state = getattr(organisation, "renewal_state", None)
    if state is None:
        state = renewal_states(organisation.renewal_year, [organisation.pk]).get(
            organisation.pk, not_recorded()
        )
    return state


def _status_label(value) -> str:
    return MembershipPeriod.Status(value).label if value else ""


def _category_label(value) -> str:
    return MembershipPeriod.Category(value).label if value else ""


RENEWAL = Listing(
    name="renewal",
    queryset=lambda request: renewal_members(renewal_year(request)),
    filterset=RenewalFilter,
    columns=[
        Column(
            "select", _l("Select"), value="pk", cell="network/membership/renewal.html#select", in_export=False
        ),
        Column("name", _l("Member"), sort="name", cell="network/membership/renewal.html#name"),
        Column("region", _l("Region"), value="region.label", sort="region__code"),
        Column(
            "category",
            _l("Category"),
            value=lambda o: _category_label(o.period_category),
            sort="period_category",
        ),
        Column("status", _l("Status"), value=lambda o: _status_label(o.period_status), sort="period_status"),
        Column("dues", _l("Dues (finance)"), value=_renewal_state),
        Column(
            "reminded",
            _l("Last reminded"),
            value=lambda o: o.reminded_at and o.reminded_at.date(),
            sort="reminded_at",
        ),
    ],
    default_sort="name",
    tiebreak=("name", "pk"),
    export_url="network:renewal_export",
)


@managers_only
def renewal(request):
    year = renewal_year(request)
    fmt = request.GET.get("format")
    if fmt in RENEWAL.formats:
        return RENEWAL.export(request, fmt)
    listing = RENEWAL.page(request)
    states = renewal_states(year, [row.object.pk for row in listing.rows])
    for row in listing.rows:
        row.object.renewal_state = states.get(row.object.pk, not_recorded())
        row.cells = [(column, column.get(row.object)) for column, _value in row.cells]
    reminders = RenewalReminder.objects.filter(year=year).select_related("organisation", "requested_by")[:20]
    return render(
        request,
        "network/membership/renewal.html",
        {"listing": listing, "year": year, "reminders": reminders, "years": range(year - 2, year + 3)},
    )


@managers_only
def renewal_export(request, fmt: str):
    return RENEWAL.export(request, fmt)


@managers_only
def renewal_remind(request):
    """Remind the selected members; asks first, naming them."""
    year = renewal_year(request)
    back = f"{reverse('network:renewal')}?year={year}"
    if request.method != "POST":
        return redirect(back)
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(back)
    members = list(form.cleaned_data["members"])
    return form_page(
        request,
        form,
        save=lambda data: lifecycle.reminders_send(
            actor=request.user, year=data["year"], organisations=members, language=get_language() or "en"
        ),
        render_page=lambda bound, status: _refused_reminder(request, bound, back),
        success_url=back,
        success_message=lambda sent: (
            ngettext(
                "A reminder to %(count)d member is queued: follow it below or on the work page.",
                "Reminders to %(count)d members are queued: follow them below or on the work page.",
                len(sent),
            )
            % {"count": len(sent)}
        ),
        confirm=lambda data: Confirmation(
            title=ngettext(
                "Send a renewal reminder for %(year)s to %(count)d member?",
                "Send a renewal reminder for %(year)s to %(count)d members?",
                len(members),
            )
            % {"year": data["year"], "count": len(members)},
            consequences=[", ".join(sorted(m.name for m in members))],
            warning=_("A mail goes to each member's focal points; it cannot be called back."),
            button=_("Send the reminders"),
            cancel=back,
        ),
    )


def _refused_reminder(request, form, back):
    messages.error(request, form_errors_text(form))
    return redirect(back)


def members_reminded(organisation) -> list:
    return list(RenewalReminder.objects.filter(organisation=organisation).select_related("requested_by")[:10])
