from django.urls import path, re_path

from metrohub.finance.views import agreements, dues, ledger

app_name = "finance"

urlpatterns = [
    path("", ledger.dashboard, name="dashboard"),
    path("agreements/", agreements.agreements, name="agreements"),
    re_path(r"^agreements\.(?P<fmt>csv|xlsx|json)$", agreements.agreements_export, name="agreements_export"),
    path("agreements/<int:agreement_pk>/", agreements.agreement, name="agreement"),
    path("dues/", dues.invoices, name="invoices"),
    re_path(r"^dues/invoices\.(?P<fmt>csv|xlsx|json)$", dues.invoices_export, name="invoices_export"),
    path("dues/<int:invoice_pk>/", dues.invoice, name="invoice"),
    path("dues/<int:invoice_pk>/pay/", dues.invoice_pay, name="invoice_pay"),
    path("dues/<int:invoice_pk>/waive/", dues.invoice_waive, name="invoice_waive"),
    path("income/", ledger.income, name="income"),
    re_path(r"^income\.(?P<fmt>csv|xlsx|json)$", ledger.income_export, name="income_export"),
    path("rates/", ledger.rates, name="rates"),
]
