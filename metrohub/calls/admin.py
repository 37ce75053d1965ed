from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.calls.models import Application, Assignment, Call, Criterion, Question, Transition


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "opens_at", "closes_at", "published", "synthetic"]
    list_filter = ["programme", "published", "synthetic"]
    inlines = [QuestionInline, CriterionInline]


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    readonly_fields = ["actor", "at", "from_status", "to_status", "note"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "call", "status", "submitted_at", "synthetic"]
    list_filter = ["status", "call"]
    readonly_fields = ["status"]  # the workflow moves it, through the pages
    inlines = [TransitionInline]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["application", "reviewer", "conflict"]
