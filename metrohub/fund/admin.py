from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.fund.models import Contribution, Fund, Grant, ProgressReport, Tranche


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0


@admin.register(Fund)
class FundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "theme", "target_amount", "max_grant", "synthetic"]
    inlines = [ContributionInline]


class TrancheInline(admin.TabularInline):
    model = Tranche
    extra = 0


class ReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = ["application", "fund", "amount", "awarded_at"]
    readonly_fields = ["application", "fund", "amount"]  # awarded through the service, under its checks
    inlines = [TrancheInline, ReportInline]
