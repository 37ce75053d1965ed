import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.action_lines import ActionLineFilter
from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet, SearchFilter
from metrohub.projects.models import Milestone, Project
from metrohub.projects.selectors import projects_started_by


class ProjectFilter(ListFilterSet):
    q = SearchFilter("acronym", "name", "city__name", label=_("Search"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("Any status")
    )
    year = IntegerFilter(label=_("Under way in"), min_value=1900, max_value=2100, method="started_by")
    action_line = ActionLineFilter()

    def started_by(self, queryset, name, value):
        return queryset.filter(pk__in=projects_started_by(value).values("pk"))


class ProjectForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "acronym",
            "name",
            "summary",
            "city",
            "status",
            "started_in",
            "action_lines",
            "action_line",
            "thematic_priority",
            "source",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "year", "date", "when", "status"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
