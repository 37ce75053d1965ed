"""The fund's pages: the funds and their dashboards, contributions, the award of a grant, one
grant with its agreement, tranches and progress reports, and the copy of a fund's set-up."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from metrohub.calls.models import Application
from metrohub.core.access import permission
from metrohub.core.errors import DomainError
from metrohub.core.exports import table_response
from metrohub.core.pagination import paginate
from metrohub.finance.money import Money
from metrohub.fund import services
from metrohub.fund.charts import fund_bars
from metrohub.fund.forms import (
    AgreementForm,
    AwardForm,
    ContributionForm,
    CopyForm,
    PayForm,
    ReceiveForm,
    ReportForm,
    TrancheForm,
)
from metrohub.fund.models import Fund, Grant, ProgressReport, Tranche
from metrohub.fund.permissions import can_manage_funds, fund_manager_rule, funds_rule
from metrohub.fund.selectors import fund_summaries, fund_summary, grant_list


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
        "contributions": fund.contributions.select_related("donor"),
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
    if request.method != "POST":
        return redirect("fund:fund", fund_pk=fund_pk)
    target = get_object_or_404(Fund, pk=fund_pk)
    form = ContributionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_record(
                actor=request.user,
                fund=target,
                donor=data["donor"],
                pledged=Money(data["pledged"], data["currency"]),
                year=data["year"],
                pledged_on=data["pledged_on"],
                received=data["received"] or 0,
                received_on=data["received_on"],
                source=data["source"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The contribution was recorded."))
            return redirect("fund:fund", fund_pk=fund_pk)
    return _fund_page(request, fund_pk, contribution_form=form, status=400)


@permission(fund_manager_rule)
def fund_copy(request, fund_pk: int):
    original = get_object_or_404(Fund, pk=fund_pk)
    form = CopyForm(request.POST or None, initial={"name": _("%(name)s (copy)") % {"name": original.name}})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy = services.fund_copy(
                actor=request.user,
                fund=original,
                name=data["name"],
                theme=data["theme"],
                priority=data["priority"],
                regions=data["regions"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("The fund's set-up was copied: its calls wait, unpublished, for their dates and texts."),
            )
            return redirect("fund:fund", fund_pk=copy.pk)
    return render(
        request, "fund/copy.html", {"fund": original, "form": form}, status=400 if form.errors else 200
    )


def _grants(request):
    fund = request.GET.get("fund", "")
    return grant_list(fund=int(fund) if fund.isdigit() else None, sort=request.GET.get("sort", ""))


@permission(funds_rule)
def grants(request):
    page = paginate(request, _grants(request))
    return render(request, "fund/grants.html", {"page": page, "funds": Fund.objects.all()})


@permission(funds_rule)
def grants_export(request, fmt: str):
    header = [_("Fund"), _("Grantee"), _("Call"), _("Amount (EUR)"), _("Awarded"), _("Synthetic")]
    rows = (
        [
            g.fund.name,
            g.application.organisation.name,
            g.application.call.title,
            g.amount,
            g.awarded_at.date().isoformat(),
            _("synthetic") if g.synthetic else "",
        ]
        for g in _grants(request).iterator(chunk_size=2000)
    )
    return table_response(fmt, filename="metrohub-grants", header=header, rows=rows)


@permission(fund_manager_rule)
def award(request, application_pk: int):
    application = get_object_or_404(
        Application.objects.select_related("call__fund", "organisation"), pk=application_pk
    )
    existing = Grant.objects.filter(application=application).first()
    if existing:
        return redirect("fund:grant", grant_pk=existing.pk)
    initial = {"amount": application.amount_requested}
    form = AwardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_award(
                actor=request.user, application=application, amount=form.cleaned_data["amount"]
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The grant was awarded."))
            return redirect("fund:grant", grant_pk=grant.pk)
    summary = fund_summary(application.call.fund) if application.call.fund_id else None
    context = {"application": application, "form": form, "summary": summary}
    return render(request, "fund/award.html", context, status=400 if form.errors else 200)


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
        if form.is_valid():
            data = form.cleaned_data
            try:
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
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("fund:grant", grant_pk=found.pk)
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
