from django.urls import path

from metrohub.mel.views import staff

app_name = "mel"

urlpatterns = [
    path("", staff.dashboard, name="dashboard"),
    path("results.csv", staff.results_csv, name="results_csv"),
    path("iati.xml", staff.iati_export, name="iati"),
    path("indicators/<str:code>/", staff.indicator, name="indicator"),
    path("indicators/<str:code>/results/add/", staff.result_add, name="result_add"),
    path("indicators/<str:code>/targets/add/", staff.target_add, name="target_add"),
    path("learning/", staff.learning, name="learning"),
    path("learning/add/", staff.learning_add, name="learning_add"),
    path("reconciliation/", staff.reconciliation, name="reconciliation"),
]
