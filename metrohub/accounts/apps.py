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
        _libraries_admin_read_only(admin.site)


def _libraries_admin_read_only(site) -> None:
    """The libraries' records in the admin (roles as groups, second factors, lockout logs, task
    results, e-mail addresses) are kept by code and by their owners' own pages: the admin shows
    them and changes none (the admin has discovered every app's admin module by now)."""
    from metrohub.core.admin_guard import ReadOnly

    for model, model_admin in list(site._registry.items()):
        if model.__module__.startswith("metrohub.") or isinstance(model_admin, ReadOnly):
            continue
        guarded = type(f"ReadOnly{type(model_admin).__name__}", (ReadOnly, type(model_admin)), {})
        site.unregister(model)
        site.register(model, guarded)
