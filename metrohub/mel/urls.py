from django.urls import path

from metrohub.mel import views

app_name = "mel"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("results.csv", views.results_csv, name="results_csv"),
    path("iati.xml", views.iati_export, name="iati"),
    path("indicators/<str:code>/", views.indicator, name="indicator"),
    path("indicators/<str:code>/results/add/", views.result_add, name="result_add"),
    path("indicators/<str:code>/targets/add/", views.target_add, name="target_add"),
    path("learning/", views.learning, name="learning"),
    path("learning/add/", views.learning_add, name="learning_add"),
    path("reconciliation/", views.reconciliation, name="reconciliation"),
]
