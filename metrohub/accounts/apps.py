from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "metrohub.accounts"
    label = "accounts"

    def ready(self):
        from allauth.mfa.signals import authenticator_added
        from django.contrib import admin

        from metrohub.accounts.signin import admin_login, record_enrolment_as_use

        # The admin has no login form of its own: its way in is allauth's (rate limits, lockout,
        # second factor), which then sends the user back to the admin.
        admin.site.login = admin_login
        authenticator_added.connect(record_enrolment_as_use, dispatch_uid="metrohub-enrolment-as-use")
