from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from metrohub.calls.models import Application, Assignment, Call, Criterion, Question, Transition
from metrohub.core.admin_guard import ReadOnly, ReadOnlyTabularInline

# Calls, their questions and criteria, applications and assignments are changed through
# calls.services and the workflow (a call's cap within its fund, steps taken by whom the workflow
# allows): read-only here.


class QuestionInline(ReadOnlyTabularInline):
    model = Question


class CriterionInline(ReadOnlyTabularInline):
    model = Criterion


@admin.register(Call)
class CallAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["title", "programme", "opens_at", "closes_at", "published", "synthetic"]
    list_filter = ["programme", "published", "synthetic"]
    inlines = [QuestionInline, CriterionInline]


class TransitionInline(ReadOnlyTabularInline):
    model = Transition


@admin.register(Application)
class ApplicationAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["organisation", "call", "status", "submitted_at", "synthetic"]
    list_filter = ["status", "call"]
    inlines = [TransitionInline]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["application", "reviewer", "conflict"]
