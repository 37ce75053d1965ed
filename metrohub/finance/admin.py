from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.finance import models


class ReportingDateInline(admin.TabularInline):
    model = models.ReportingDate
    extra = 0


@admin.register(models.Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partner", "kind", "year", "amount", "currency", "recurrence"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "partner__name"]
    inlines = [ReportingDateInline]


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "date", "rate", "source", "synthetic"]
    list_filter = ["currency", "synthetic"]


@admin.register(models.FeeSchedule)
class FeeScheduleAdmin(SimpleHistoryAdmin):
    list_display = ["year", "category", "region", "amount", "currency", "synthetic"]
    list_filter = ["year", "category", "synthetic"]


class PaymentInline(admin.TabularInline):
    model = models.Payment
    extra = 0
    can_delete = False
    readonly_fields = [
        "amount",
        "currency",
        "received_on",
        "method",
        "amount_in_invoice_currency",
        "synthetic",
    ]

    def has_add_permission(self, request, obj=None):
        return False  # payments are recorded through the service, which keeps the ledger in step


@admin.register(models.Invoice)
class InvoiceAdmin(SimpleHistoryAdmin):
    list_display = [
        "organisation",
        "year",
        "amount",
        "currency",
        "paid_amount",
        "due_on",
        "status",
        "synthetic",
    ]
    list_filter = ["year", "status", "synthetic"]
    search_fields = ["organisation__name"]
    readonly_fields = ["paid_amount", "status"]
    inlines = [PaymentInline]


@admin.register(models.IncomeLine)
class IncomeLineAdmin(SimpleHistoryAdmin):
    list_display = ["date", "source", "amount_eur", "description", "synthetic"]
    list_filter = ["source", "synthetic"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the ledger is built by the services from payments and agreements
