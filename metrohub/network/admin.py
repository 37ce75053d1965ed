from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.network import models


class AliasInline(admin.TabularInline):
    model = models.OrganisationAlias
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country", "region", "synthetic"]
    list_filter = ["kind", "region", "synthetic"]
    search_fields = ["name", "aliases__name"]
    inlines = [AliasInline]


class PeriodInline(admin.TabularInline):
    model = models.MembershipPeriod
    extra = 0


@admin.register(models.Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "joined_year"]
    search_fields = ["organisation__name"]
    inlines = [PeriodInline]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "gender", "email"]
    search_fields = ["name"]


@admin.register(models.Office)
class OfficeAdmin(SimpleHistoryAdmin):
    list_display = ["person", "title", "body", "region", "role", "start", "end"]
    list_filter = ["body", "region", "role"]


admin.site.register([models.GoverningBody, models.RegionalSecretariat, models.Position, models.Consent])
