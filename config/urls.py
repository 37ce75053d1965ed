from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from metrohub.core import search_select
from metrohub.core import views as core_views
from metrohub.core.access import public
from metrohub.finance.urls import portal_urlpatterns as finance_portal_urls

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("search/<slug:slug>/", search_select.search_view, name="search_select"),
    path("accounts/invitation/", include("metrohub.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("", include("metrohub.network.urls")),
    path("people/", include("metrohub.people.urls")),
    path("finance/", include("metrohub.finance.urls")),
    path("portal/money/", include(finance_portal_urls)),
    path("mel/", include("metrohub.mel.urls")),
    path("calls/", include("metrohub.calls.urls")),
    path("programs/", include("metrohub.programs.urls")),
    path("fund/", include("metrohub.fund.urls")),
    path("projects/", include("metrohub.projects.urls")),
    path("events/", include("metrohub.events.urls")),
    path("comms/", include("metrohub.comms.urls")),
    path("futures/", include("metrohub.futures.urls")),
    path("reports/", include("metrohub.reports.urls")),
    path("work/", include("metrohub.core.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
