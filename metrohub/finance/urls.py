from django.urls import path, re_path

from metrohub.finance.views import dues, ledger, portal, staff

app_name = "finance"

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("agreements/", staff.agreements, name="agreements"),
    re_path(r"^agreements\.(?P<fmt>csv|xlsx|json)$", staff.agreements_export, name="agreements_export"),
    path("agreements/add/", ledger.agreement_add, name="agreement_add"),
    path("agreements/<int:agreement_pk>/", ledger.agreement, name="agreement"),
    path("agreements/<int:agreement_pk>/edit/", ledger.agreement_edit, name="agreement_edit"),
    path("agreements/<int:agreement_pk>/retire/", ledger.agreement_retire, name="agreement_retire"),
    path("agreements/<int:agreement_pk>/instalments/", ledger.instalment_add, name="instalment_add"),
    path("agreements/<int:agreement_pk>/reporting/", ledger.reporting_date_add, name="reporting_date_add"),
    path("instalments/<int:instalment_pk>/receive/", ledger.instalment_receive, name="instalment_receive"),
    path(
        "reporting/<int:reporting_pk>/delivered/",
        ledger.reporting_date_deliver,
        name="reporting_date_deliver",
    ),
    path("reporting/remind/", ledger.reporting_reminders, name="reporting_reminders"),
    path("dues/", staff.invoices, name="invoices"),
    re_path(r"^dues/invoices\.(?P<fmt>csv|xlsx|json)$", staff.invoices_export, name="invoices_export"),
    path("dues/<int:invoice_pk>/", staff.invoice, name="invoice"),
    path("dues/<int:invoice_pk>/pay/", staff.invoice_pay, name="invoice_pay"),
    path("dues/<int:invoice_pk>/waive/", staff.invoice_waive, name="invoice_waive"),
    path("income/", staff.income, name="income"),
    re_path(r"^income\.(?P<fmt>csv|xlsx|json)$", staff.income_export, name="income_export"),
    path("rates/", staff.rates, name="rates"),
    # The dues cycle (views/dues.py)
    path("dues/fees/", dues.fees, name="dues_fees"),
    path("dues/fees/add/", dues.fee_add, name="dues_fee_add"),
    path("dues/fees/<int:fee_pk>/", dues.fee, name="dues_fee"),
    path("dues/fees/<int:fee_pk>/correct/", dues.fee_correct, name="dues_fee_correct"),
    path("dues/fees/<int:fee_pk>/retire/", dues.fee_retire, name="dues_fee_retire"),
    path("dues/decisions/", dues.decisions, name="dues_decisions"),
    path("dues/decisions/add/", dues.decision_add, name="dues_decision_add"),
    path("dues/issue/", dues.issue, name="dues_issue"),
    path("dues/reminders/", dues.reminders, name="dues_reminders"),
    path("dues/<int:invoice_pk>/invoice.pdf", dues.invoice_document, name="invoice_document"),
    path("dues/<int:invoice_pk>/mail/", dues.invoice_mail, name="invoice_mail"),
    path("dues/<int:invoice_pk>/credit/", dues.credit_note_add, name="credit_note_add"),
    path(
        "dues/credit-notes/<int:note_pk>/credit-note.pdf",
        dues.credit_note_document,
        name="credit_note_document",
    ),
]

# The member portal's money, under /portal/money/ (config/urls.py), for a focal point.
portal_urlpatterns = (
    [
        path("", portal.money, name="money"),
        path("invoices/<int:invoice_pk>/", portal.invoice, name="invoice"),
    ],
    "finance_portal",
)
