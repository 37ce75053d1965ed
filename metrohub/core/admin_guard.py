"""The Django admin looks at records that services guard; it never changes them.

A membership period, a grant, a tranche, an invoice or a ledger line has rules (periods never
overlap, a grant never exceeds its fund, the ledger follows the payments) and a history that only
its service keeps. The admin's own forms would bypass both, so for these records it is read-only:
no add, change or delete, and no revert from the history page either (django-simple-history's
"revert" form saves an old version straight to the database). Changes go through the pages that
call the services.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied


class ReadOnly:
    """Mix into a ModelAdmin or an inline: view only."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyTabularInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
