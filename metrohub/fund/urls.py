from django.urls import path, re_path

from metrohub.fund.views import money, public, staff

app_name = "fund"

urlpatterns = [
    path("", staff.funds, name="funds"),
    path("public/", public.fund_list, name="public_funds"),
    path("public/<int:fund_pk>/", public.fund, name="public_fund"),
    path("<int:fund_pk>/", staff.fund, name="fund"),
    path("<int:fund_pk>/contributions/", staff.contribution_add, name="contribution_add"),
    path("<int:fund_pk>/copy/", staff.fund_copy, name="fund_copy"),
    path("agreements/<int:agreement_pk>/", money.agreement_money, name="agreement_money"),
    path("grants/", staff.grants, name="grants"),
    re_path(r"^grants\.(?P<fmt>csv|xlsx|json)$", staff.grants_export, name="grants_export"),
    path("grants/<int:grant_pk>/", staff.grant, name="grant"),
    path("award/<int:application_pk>/", staff.award, name="award"),
]
