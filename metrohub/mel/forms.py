from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.mel.models import Indicator, LearningEntry


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


class LearningFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *LearningEntry.Kind.choices]
    )
    indicator = forms.CharField(label=_("Indicator"), required=False, max_length=20)

    def filters(self) -> dict:
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return {name: value for name, value in data.items() if value not in (None, "")}
