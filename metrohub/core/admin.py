from django.contrib import admin

from metrohub.core.models import ActionLine, DeclaredFigure, Region, ThematicPriority


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(DeclaredFigure)
class DeclaredFigureAdmin(admin.ModelAdmin):
    list_display = ["key", "period", "value", "unit", "document", "section"]
    list_filter = ["period", "document"]
    search_fields = ["key", "label"]


@admin.register(ActionLine, ThematicPriority)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]
