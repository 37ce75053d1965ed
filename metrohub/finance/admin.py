from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.core.admin_guard import ReadOnly, ReadOnlyTabularInline
from metrohub.finance import models

# Agreements, rates, fees, invoices, payments and the ledger are changed through
# finance.services, which keep the ledger in step with the money: read-only here.


class ReportingDateInline(ReadOnlyTabularInline):
    model = models.ReportingDate


class InstalmentInline(ReadOnlyTabularInline):
    model = models.Instalment


@admin.register(models.Agreement)
class AgreementAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["title", "partner", "kind", "year", "amount", "currency", "recurrence", "retired_on"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "partner__name"]
    inlines = [InstalmentInline, ReportingDateInline]


@admin.register(models.ExchangeRate)
class ExchangeRateAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["currency", "date", "rate", "source", "synthetic"]
    list_filter = ["currency", "synthetic"]


@admin.register(models.FeeSchedule)
class FeeScheduleAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["year", "category", "region", "amount", "currency", "synthetic"]
    list_filter = ["year", "category", "synthetic"]


class PaymentInline(ReadOnlyTabularInline):
    model = models.Payment


@admin.register(models.Invoice)
class InvoiceAdmin(ReadOnly, SimpleHistoryAdmin):
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
    inlines = [PaymentInline]


@admin.register(models.IncomeLine)
class IncomeLineAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["date", "source", "amount_eur", "description", "synthetic"]
    list_filter = ["source", "synthetic"]
