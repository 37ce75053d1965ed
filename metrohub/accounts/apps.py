from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "metrohub.accounts"
    label = "accounts"
