import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet
from metrohub.mel.models import Dimension, Indicator, LearningEntry


class LearningEntryForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LearningEntry.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("What was learnt, or what changed"), widget=forms.Textarea(attrs={"rows": 5})
    )
    period = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.all(),
        required=False,
        help_text=_("The indicators this entry speaks of (hold Ctrl or Cmd to choose several)."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=500,
        required=False,
        help_text=_("Where it can be checked: a document, a survey, a meeting's minutes, a link."),
    )


def _indicators() -> list[tuple[str, str]]:
    return [(code, f"{code} {title}") for code, title in Indicator.objects.values_list("code", "title")]


class LearningFilter(ListFilterSet):
    year = IntegerFilter(label=_("Year"), field_name="period", min_value=2000, max_value=2100)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=LearningEntry.Kind.choices, empty_label=_("Any kind")
    )
    indicator = django_filters.ChoiceFilter(
        label=_("Indicator"),
        field_name="indicators__code",
        choices=_indicators,
        empty_label=_("Any indicator"),
    )


class _PerPeriodForm(BootstrapMixin, forms.Form):
    period = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    dimension = forms.ChoiceField(
        label=_("Disaggregated by"),
        required=False,
        choices=[("", _("Not disaggregated (the whole)")), *Dimension.choices],
    )
    dimension_value = forms.CharField(
        label=_("Value of the dimension"),
        max_length=100,
        required=False,
        help_text=_("For example woman, africa or associate."),
    )


class ResultForm(_PerPeriodForm):
    value = forms.DecimalField(label=_("Value"), required=False, max_digits=18, decimal_places=4)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=500,
        help_text=_("What the result rests on: a document, a list, a link."),
    )


class TargetForm(_PerPeriodForm):
    value = forms.DecimalField(label=_("Target"), max_digits=18, decimal_places=4)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("Where the target was set: a plan, a decision."),
    )
