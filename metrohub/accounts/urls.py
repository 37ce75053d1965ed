from django.urls import path

from metrohub.accounts import views

urlpatterns = [
    path("<str:token>/", views.invitation, name="accounts_invitation"),
]
