from django.urls import path, re_path

from metrohub.finance.views import ledger, staff

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
]
