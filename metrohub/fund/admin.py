from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.core.admin_guard import ReadOnly, ReadOnlyTabularInline
from metrohub.fund.models import Contribution, Fund, Grant, ProgressReport, Tranche

# Funds, contributions, grants and tranches are changed through fund.services (a grant never
# above its fund's balance, tranches never above the grant): read-only here.


class ContributionInline(ReadOnlyTabularInline):
    model = Contribution


@admin.register(Fund)
class FundAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["name", "theme", "target_amount", "max_grant", "synthetic"]
    inlines = [ContributionInline]


class TrancheInline(ReadOnlyTabularInline):
    model = Tranche


class ReportInline(ReadOnlyTabularInline):
    model = ProgressReport


@admin.register(Grant)
class GrantAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["application", "fund", "amount", "awarded_at"]
    inlines = [TrancheInline, ReportInline]


@admin.register(Tranche)
class TrancheAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["grant", "amount", "due_on", "paid_on"]
