from django.urls import path, re_path

from metrohub.finance.views import portal, staff

app_name = "finance"

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("agreements/", staff.agreements, name="agreements"),
    re_path(r"^agreements\.(?P<fmt>csv|xlsx|json)$", staff.agreements_export, name="agreements_export"),
    path("agreements/<int:agreement_pk>/", staff.agreement, name="agreement"),
    path("dues/", staff.invoices, name="invoices"),
    re_path(r"^dues/invoices\.(?P<fmt>csv|xlsx|json)$", staff.invoices_export, name="invoices_export"),
    path("dues/<int:invoice_pk>/", staff.invoice, name="invoice"),
    path("dues/<int:invoice_pk>/pay/", staff.invoice_pay, name="invoice_pay"),
    path("dues/<int:invoice_pk>/waive/", staff.invoice_waive, name="invoice_waive"),
    path("income/", staff.income, name="income"),
    re_path(r"^income\.(?P<fmt>csv|xlsx|json)$", staff.income_export, name="income_export"),
    path("rates/", staff.rates, name="rates"),
]

# The member portal's money, under /portal/money/ (config/urls.py), for a focal point.
portal_urlpatterns = (
    [
        path("", portal.money, name="money"),
        path("invoices/<int:invoice_pk>/", portal.invoice, name="invoice"),
    ],
    "finance_portal",
)
