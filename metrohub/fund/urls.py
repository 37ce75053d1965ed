from django.urls import path, re_path

from metrohub.fund import views

app_name = "fund"

urlpatterns = [
    path("", views.funds, name="funds"),
    path("<int:fund_pk>/", views.fund, name="fund"),
    path("<int:fund_pk>/contributions/", views.contribution_add, name="contribution_add"),
    path("<int:fund_pk>/copy/", views.fund_copy, name="fund_copy"),
    path("grants/", views.grants, name="grants"),
    re_path(r"^grants\.(?P<fmt>csv|xlsx|json)$", views.grants_export, name="grants_export"),
    path("grants/<int:grant_pk>/", views.grant, name="grant"),
    path("award/<int:application_pk>/", views.award, name="award"),
]
