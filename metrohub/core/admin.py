from django.contrib import admin

from metrohub.core.models import DeclaredFigure, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(DeclaredFigure)
class DeclaredFigureAdmin(admin.ModelAdmin):
    list_display = ["key", "period", "value", "unit", "document", "section"]
    list_filter = ["period", "document"]
    search_fields = ["key", "label"]
