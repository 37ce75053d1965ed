"""The ledger of money in, through pages: agreements with donors and partners (added, corrected,
retired), their instalments (received with a confirmation: the income line), their reporting
dates and the reminders the task queue sends about them."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.confirm import Confirmation
from metrohub.core.form_pages import action, form_page, record_form
from metrohub.core.money import Money
from metrohub.core.services import task_enqueue
from metrohub.finance import services, tasks
from metrohub.finance.forms import (
    AgreementForm,
    DeliveredForm,
    InstalmentForm,
    ReceiveForm,
    ReportingDateForm,
    RetireForm,
)
from metrohub.finance.models import Agreement, Instalment, ReportingDate
from metrohub.finance.permissions import agreements_rule, finance_manager_rule
from metrohub.finance.selectors import agreement_detail, agreement_money
from metrohub.finance.views.staff import finance_context


def _agreement_url(agreement) -> str:
    return reverse("finance:agreement", args=[agreement.pk])


def _agreement_page(request, agreement_pk: int, *, instalment_form=None, reporting_form=None, status=200):
    found = get_object_or_404(agreement_detail(), pk=agreement_pk)
    currency = found.currency or "EUR"
    context = {
        "agreement": found,
        "money": agreement_money(found),
        "instalment_form": instalment_form or InstalmentForm(initial={"currency": currency}),
        "reporting_form": reporting_form or ReportingDateForm(),
        **finance_context(request),
    }
    return render(request, "finance/agreement.html", context, status=status)


@permission(agreements_rule)
def agreement(request, agreement_pk: int):
    return _agreement_page(request, agreement_pk)


def _money(data) -> Money | None:
    return Money(data["amount"], data["currency"]) if data.get("amount") is not None else None


def _agreement_fields(data) -> dict:
    return {key: data[key] for key in services.AGREEMENT_FIELDS if key in data}


@permission(finance_manager_rule)
def agreement_add(request):
    return form_page(
        request,
        AgreementForm,
        save=lambda data: services.agreement_create(
            actor=request.user,
            partner=data["partner"],
            kind=data["kind"],
            title=data["title"],
            year=data["year"],
            amount=_money(data),
            **{key: value for key, value in _agreement_fields(data).items() if key not in ("kind", "year")},
        ),
        template="finance/agreement_form.html",
        context={"agreement": None},
        error_status=400,
        success_url=_agreement_url,
        success_message=_("The agreement was added."),
    )


@permission(finance_manager_rule)
def agreement_edit(request, agreement_pk: int):
    found = get_object_or_404(Agreement, pk=agreement_pk)
    initial = {
        field: getattr(found, field)
        for field in ("title", "kind", "year", "amount", "currency", "recurrence", "start", "end")
    } | {"description": found.description, "obligations": found.obligations, "source": found.source}
    return form_page(
        request,
        AgreementForm,
        form_kwargs={"correcting": True},
        initial=initial,
        save=lambda data: services.agreement_update(
            actor=request.user, agreement=found, amount=_money(data), **_agreement_fields(data)
        ),
        template="finance/agreement_form.html",
        context={"agreement": found},
        error_status=400,
        success_url=_agreement_url,
        success_message=_("The agreement was corrected; its history keeps what it said before."),
    )


@permission(finance_manager_rule)
def agreement_retire(request, agreement_pk: int):
    found = get_object_or_404(Agreement.objects.select_related("partner"), pk=agreement_pk)
    return form_page(
        request,
        RetireForm,
        save=lambda data: services.agreement_retire(
            actor=request.user, agreement=found, on=data["on"], reason=data["reason"]
        ),
        template="finance/agreement_retire.html",
        context={"agreement": found},
        error_status=400,
        confirm=lambda data: Confirmation(
            title=_("Retire “%(title)s”?") % {"title": found.title},
            consequences=[
                _("It stays on record, with its history and the money received under it."),
                _("No instalment can be received under it any more; its reports are no longer reminded."),
            ],
            button=_("Retire the agreement"),
            style="danger",
            cancel=_agreement_url(found),
        ),
        success_url=_agreement_url,
        success_message=_("The agreement was retired."),
    )


@permission(finance_manager_rule)
def instalment_add(request, agreement_pk: int):
    return record_form(
        request,
        Agreement,
        agreement_pk,
        InstalmentForm,
        save=lambda agreement, data: services.instalment_add(
            actor=request.user,
            agreement=agreement,
            expected_on=data["expected_on"],
            amount=Money(data["amount"], data["currency"]),
            note=data["note"],
        ),
        page=lambda form, status: _agreement_page(request, agreement_pk, instalment_form=form, status=status),
        url=reverse("finance:agreement", args=[agreement_pk]),
        success_message=_("The instalment was added."),
    )


@permission(finance_manager_rule)
def instalment_receive(request, instalment_pk: int):
    instalment = get_object_or_404(
        Instalment.objects.select_related("agreement__partner", "agreement__fund_contribution__fund"),
        pk=instalment_pk,
    )
    agreement = instalment.agreement

    def confirmation(data) -> Confirmation:
        amount = _money(data) or Money(instalment.amount, instalment.currency)
        lines = [
            _("%(amount)s received on %(date)s from %(partner)s under “%(title)s”.")
            % {
                "amount": amount,
                "date": data["received_on"],
                "partner": agreement.partner.name,
                "title": agreement.title,
            },
            _("It is written once in the income ledger, in EUR at the rate of the day."),
        ]
        contribution = getattr(agreement, "fund_contribution", None)
        if contribution is not None:
            lines.append(
                _("It is earmarked for “%(fund)s” and counts in that fund's balance.")
                % {"fund": contribution.fund.name}
            )
        return Confirmation(
            title=_("Record this instalment as received?"),
            consequences=lines,
            button=_("Record it received"),
            warning=_("A received instalment stays in the ledger: it cannot be received twice."),
            cancel=_agreement_url(agreement),
        )

    return form_page(
        request,
        ReceiveForm,
        initial={"currency": instalment.currency},
        save=lambda data: services.instalment_receive(
            actor=request.user, instalment=instalment, received_on=data["received_on"], amount=_money(data)
        ),
        template="finance/income_receive.html",
        context={"instalment": instalment, "agreement": agreement},
        error_status=400,
        confirm=confirmation,
        success_url=lambda line: _agreement_url(agreement),
        success_message=lambda line: (
            _("The instalment was received: EUR %(amount)s in the income ledger.")
            % {"amount": f"{line.amount_eur:,.2f}"}
        ),
    )


@permission(finance_manager_rule)
def reporting_date_add(request, agreement_pk: int):
    return record_form(
        request,
        Agreement,
        agreement_pk,
        ReportingDateForm,
        save=lambda agreement, data: services.reporting_date_add(
            actor=request.user, agreement=agreement, due_on=data["due_on"], what=data["what"]
        ),
        page=lambda form, status: _agreement_page(request, agreement_pk, reporting_form=form, status=status),
        url=reverse("finance:agreement", args=[agreement_pk]),
        success_message=_("The reporting date was added; the finance team is reminded before it."),
    )


@permission(finance_manager_rule)
def reporting_date_deliver(request, reporting_pk: int):
    found = get_object_or_404(ReportingDate, pk=reporting_pk)
    return action(
        request,
        lambda data: services.reporting_date_deliver(
            actor=request.user, reporting_date=found, done_on=data["done_on"]
        ),
        back=_agreement_url(found.agreement),
        form=DeliveredForm,
        success_message=_("The report was marked delivered."),
    )


@permission(finance_manager_rule)
def reporting_reminders(request):
    """Queue the reminders now (the same task a scheduler runs daily); /work/ shows it."""
    back = reverse("finance:agreements")

    def enqueue():
        transaction.on_commit(
            lambda: task_enqueue(
                tasks.remind_reporting_dates,
                requested_by=request.user,
                subject="finance.reporting",
                label=_("Reminders of reports owed to partners"),
            )
        )

    if request.method == "POST":
        enqueue()
        messages.success(request, _("The reminders are queued: follow them on the background work page."))
    return redirect(back)
