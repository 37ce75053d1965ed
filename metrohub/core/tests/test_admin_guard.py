"""The admin changes no record that a service guards (core/admin_guard.py)."""

from django.contrib import admin
from django.test import RequestFactory

from metrohub.accounts.models import User

# metrohub's records the admin may still edit: vocabularies and declared figures, which no
# service writes, and the user accounts (accounts/ keeps their rules).
EDITABLE = {"core.Region", "core.ActionLine", "core.ThematicPriority", "core.DeclaredFigure", "accounts.User"}


def test_every_record_a_service_guards_is_read_only_in_the_admin(db):
    # given an administrator
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    checked = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label
        if not model.__module__.startswith("metrohub.") or label in EDITABLE:
            continue
        # then neither the model's admin nor any of its inlines adds, changes or deletes
        for each in [model_admin, *model_admin.get_inline_instances(request)]:
            rights = (
                each.has_add_permission(request, None)
                if each is not model_admin
                else each.has_add_permission(request),
                each.has_change_permission(request),
                each.has_delete_permission(request),
            )
            assert rights == (False, False, False), f"{label}: {type(each).__name__} can change records"
        assert model_admin.has_view_permission(request)
        checked.append(label)
    assert {"fund.Grant", "fund.Tranche", "network.MembershipPeriod", "finance.Invoice"} <= set(checked)
