"""The fund's pages: the funds and their dashboards, contributions, the award of a grant, one
grant with its agreement, tranches and progress reports, and the copy of a fund's set-up."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from metrohub.calls.models import Application
from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.errors import DomainError
from metrohub.core.form_pages import finish, form_page, record_form, submit
from metrohub.core.lists import Column, Listing
from metrohub.fund import services
from metrohub.fund.charts import fund_bars
from metrohub.fund.forms import (
    AgreementForm,
    AwardForm,
    ContributionForm,
    CopyForm,
    GrantFilter,
    PayForm,
    ReceiveForm,
    ReportForm,
    TrancheForm,
)
from metrohub.fund.models import Fund, Grant, ProgressReport, Tranche
from metrohub.fund.permissions import can_manage_funds, fund_manager_rule, funds_rule
from metrohub.fund.selectors import contributions_of, fund_summaries, fund_summary, grant_list


@permission(funds_rule)
def funds(request):
    summaries = fund_summaries()
    return render(
        request, "fund/funds.html", {"summaries": summaries, "can_manage": can_manage_funds(request.user)}
    )


def _fund_page(request, fund_pk: int, *, contribution_form=None, status=200):
    fund = get_object_or_404(Fund.objects.prefetch_related("regions"), pk=fund_pk)
    summary = fund_summary(fund)
    context = {
        "fund": fund,
        "summary": summary,
        "chart": fund_bars(summary),
        "contributions": contributions_of(fund),
        "calls": fund.calls.all(),
        "grants": grant_list(fund=fund.pk),
        "can_manage": can_manage_funds(request.user),
        "contribution_form": contribution_form or ContributionForm(),
    }
    return render(request, "fund/fund.html", context, status=status)


@permission(funds_rule)
def fund(request, fund_pk: int):
    return _fund_page(request, fund_pk)


@permission(fund_manager_rule)
def contribution_add(request, fund_pk: int):
    def save(fund, data):
        return services.contribution_record(
            actor=request.user,
            fund=fund,
            agreement=data["agreement"],
            pledged_on=data["pledged_on"],
            source=data["source"],
        )

    return record_form(
        request,
        Fund,
        fund_pk,
        ContributionForm,
        save=save,
        page=lambda form, status: _fund_page(request, fund_pk, contribution_form=form, status=status),
        url=reverse("fund:fund", args=[fund_pk]),
        success_message=_(
            "The agreement's money is earmarked for the fund; what is received under it counts here."
        ),
    )


@permission(fund_manager_rule)
def fund_copy(request, fund_pk: int):
    original = get_object_or_404(Fund, pk=fund_pk)
    return form_page(
        request,
        CopyForm,
        initial={"name": _("%(name)s (copy)") % {"name": original.name}},
        save=lambda data: services.fund_copy(
            actor=request.user,
            fund=original,
            name=data["name"],
            theme=data["theme"],
            priority=data["priority"],
            regions=data["regions"],
        ),
        template="fund/copy.html",
        context={"fund": original},
        error_status=400,
        success_url=lambda copy: reverse("fund:fund", args=[copy.pk]),
        success_message=_(
            "The fund's set-up was copied: its calls wait, unpublished, for their dates and texts."
        ),
    )


CELLS = "fund/grants.html"


GRANTS = Listing(
    name="grants",
    queryset=lambda request: grant_list(),
    filterset=GrantFilter,
    default_sort="-awarded",
    export_url="fund:grants_export",
    columns=[
        Column("fund", _l("Fund"), value="fund.name", on_page=False),
        Column(
            "organisation",
            _l("Grantee"),
            value="application.organisation.name",
            sort="application__organisation__name",
            cell=f"{CELLS}#grantee",
        ),
        Column("call", _l("Call"), value="application.call.title"),
        Column("amount", _l("Amount (EUR)"), sort="amount", numeric=True, cell=f"{CELLS}#amount"),
        Column(
            "awarded",
            _l("Awarded"),
            value=lambda g: g.awarded_at.date(),
            sort="awarded_at",
            cell=f"{CELLS}#awarded",
        ),
        Column(
            "synthetic", _l("Synthetic"), value=lambda g: _("synthetic") if g.synthetic else "", on_page=False
        ),
    ],
)


grants, grants_export = GRANTS.views(permission(funds_rule), "fund/grants.html")


@permission(fund_manager_rule)
def award(request, application_pk: int):
    application = get_object_or_404(
        Application.objects.select_related("call__fund", "organisation"), pk=application_pk
    )
    existing = Grant.objects.filter(application=application).first()
    if existing:
        return redirect("fund:grant", grant_pk=existing.pk)

    def page_context(form):
        summary = fund_summary(application.call.fund) if application.call.fund_id else None
        return {"application": application, "summary": summary}

    return form_page(
        request,
        AwardForm,
        initial={"amount": application.amount_requested},
        save=lambda data: services.grant_award(
            actor=request.user,
            application=application,
            amount=data["amount"],
            action_line=data.get("action_line"),
            thematic_priority=data.get("thematic_priority"),
        ),
        template="fund/award.html",
        context=page_context,
        error_status=400,
        success_url=lambda grant: reverse("fund:grant", args=[grant.pk]),
        success_message=lambda grant: (
            _("%(organisation)s was awarded %(amount)s.")
            % {
                "organisation": grant.application.organisation,
                "amount": f"EUR {number_format(grant.amount, 2, use_l10n=True, force_grouping=True)}",
            }
        ),
        confirm=lambda data: _award_confirmation(request.user, application, data["amount"]),
    )


def _eur(amount) -> str:
    return (
        f"EUR {number_format(amount, 0 if amount == int(amount) else 2, use_l10n=True, force_grouping=True)}"
    )


def _award_confirmation(user, application, amount) -> Confirmation:
    """Award EUR 75,000 to Cairo from the fund: its uncommitted balance becomes EUR X."""
    fund = application.call.fund
    names = {"amount": _eur(amount), "organisation": application.organisation.name}
    lines = [_("For “%(call)s”.") % {"call": application.call.title}]
    if fund is not None:
        available = fund_summary(fund).available
        lines.append(
            _("%(fund)s's uncommitted balance goes from %(before)s to %(after)s.")
            % {"fund": fund.name, "before": _eur(available), "after": _eur(available - amount)}
        )
        title = _("Award %(amount)s to %(organisation)s from %(fund)s?") % {**names, "fund": fund.name}
    else:
        title = _("Award %(amount)s to %(organisation)s?") % names
    try:
        services.grant_award_check(actor=user, application=application, amount=amount)
        refusal = None
    except DomainError as exc:
        refusal = exc.message
    return Confirmation(
        title=title,
        refusal=refusal,
        consequences=lines,
        button=_("Award %(amount)s") % names,
        style="success",
        warning=_("The amount is committed from the fund at once; the agreement and tranches follow."),
        cancel=reverse("calls:application", args=[application.pk]),
    )


# What the grant's page says once each of its forms is done.
GRANT_ACTIONS_DONE = {
    "agreement": _l("The grant agreement was recorded as signed."),
    "tranche": _l("The tranche was added to the payment schedule."),
    "pay": _l("The tranche was recorded as paid."),
    "report": _l("The progress report was added to the schedule."),
    "receive": _l("The progress report was recorded as received."),
}


@permission(funds_rule)
def grant(request, grant_pk: int):
    found = get_object_or_404(
        Grant.objects.select_related("fund", "application__organisation", "application__call"), pk=grant_pk
    )
    forms = {
        "agreement": AgreementForm,
        "tranche": TrancheForm,
        "pay": PayForm,
        "report": ReportForm,
        "receive": ReceiveForm,
    }
    action = request.POST.get("action") if request.method == "POST" else None
    bound = {
        name: form(request.POST if action == name else None, prefix=name) for name, form in forms.items()
    }
    status = 200
    if action in forms:
        if not can_manage_funds(request.user):
            messages.error(request, can_manage_funds(request.user).reason)
            return redirect("fund:grant", grant_pk=found.pk)
        form = bound[action]

        def save(data):
            if action == "agreement":
                services.agreement_sign(actor=request.user, grant=found, **data)
            elif action == "tranche":
                services.tranche_add(actor=request.user, grant=found, **data)
            elif action == "pay":
                tranche = get_object_or_404(Tranche, pk=request.POST.get("tranche"), grant=found)
                services.tranche_pay(actor=request.user, tranche=tranche, **data)
            elif action == "report":
                services.report_add(actor=request.user, grant=found, **data)
            else:
                report = get_object_or_404(ProgressReport, pk=request.POST.get("report"), grant=found)
                services.report_receive(actor=request.user, report=report, **data)

        if submit(form, save).done:
            return finish(
                request,
                None,
                success_url=reverse("fund:grant", args=[found.pk]),
                success_message=GRANT_ACTIONS_DONE.get(action, GRANT_ACTIONS_DONE["receive"]),
            )
        status = 400
    context = {
        "grant": found,
        "agreement": getattr(found, "agreement", None),
        "tranches": found.tranches.all(),
        "reports": found.reports.all(),
        "scheduled": found.scheduled(),
        "paid": found.paid(),
        "can_manage": can_manage_funds(request.user),
        **{f"{name}_form": form for name, form in bound.items()},
    }
    return render(request, "fund/grant.html", context, status=status)
