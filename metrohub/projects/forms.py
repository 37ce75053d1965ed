import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import ListFilterSet, SearchFilter
from metrohub.projects.models import Milestone, Project


class ProjectFilter(ListFilterSet):
    q = SearchFilter("acronym", "name", "city__name", label=_("Search"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Project.Status.choices, empty_label=_("Any status")
    )


class ProjectForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["acronym", "name", "summary", "city", "status", "started_in", "action_lines", "source"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class MilestoneForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "year", "date", "when", "status"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
