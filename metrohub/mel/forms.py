from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
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


class LearningFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *LearningEntry.Kind.choices]
    )
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.values_list("code", "title")
        self.fields["indicator"].choices = [
            ("", _("Any indicator")),
            *((c, f"{c} {t}") for c, t in indicators),
        ]

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {name: value for name, value in data.items() if value not in (None, "")}


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
