from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.core.admin_guard import ReadOnly, ReadOnlyTabularInline
from metrohub.network import models

# Every registry record is changed through network.services (the registry pages, imports and
# commands): read-only here, see core/admin_guard.py.


class AliasInline(ReadOnlyTabularInline):
    model = models.OrganisationAlias


@admin.register(models.Organisation)
class OrganisationAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "region", "synthetic"]
    list_filter = ["kind", "region", "synthetic"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]


class PeriodInline(ReadOnlyTabularInline):
    model = models.MembershipPeriod


@admin.register(models.Membership)
class MembershipAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["organisation", "joined_year"]
    search_fields = ["organisation__name"]
    inlines = [PeriodInline]


@admin.register(models.MembershipPeriod)
class MembershipPeriodAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["membership", "category", "status", "start", "end"]
    list_filter = ["category", "status"]


@admin.register(models.Person)
class PersonAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "gender", "email"]
    search_fields = ["name"]


@admin.register(models.Office)
class OfficeAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["person", "title", "body", "region", "role", "start", "end"]
    list_filter = ["body", "region", "role"]


@admin.register(models.RegionalSecretariat, models.Position, models.Consent)
class RegistryRecordAdmin(ReadOnly, SimpleHistoryAdmin):
    pass


@admin.register(models.GoverningBody)
class GoverningBodyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "kind"]
