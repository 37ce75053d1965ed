from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from metrohub.accounts.models import User


@admin.register(User)
class MetrohubUserAdmin(UserAdmin):
    fieldsets = [*UserAdmin.fieldsets, ("metrohub", {"fields": ["organisation"]})]
    list_display = ["username", "email", "organisation", "is_staff", "is_active"]
    autocomplete_fields = ["organisation"]
