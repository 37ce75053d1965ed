from django.urls import path

from metrohub.mel import views

app_name = "mel"

urlpatterns = [
    path("reconciliation/", views.reconciliation, name="reconciliation"),
]
