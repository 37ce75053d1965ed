from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.people.models import Level, StaffMember
from metrohub.people.selectors import UNKNOWN

SORT_CHOICES = [
    ("name", _("Name")),
    ("position", _("Position")),
    ("level", _("Level")),
    ("team", _("Team")),
    ("location", _("Location")),
    ("arrangement", _("Work arrangement")),
    ("start", _("Start")),
]
LOCATION_CHOICES = [
    ("", _("Anywhere")),
    ("outside", _("Outside headquarters")),
    ("headquarters", _("At headquarters")),
    (UNKNOWN, _("Not on record")),
]


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    level = forms.ChoiceField(label=_("Level"), required=False)
    work_arrangement = forms.ChoiceField(
        label=_("Work arrangement"),
        required=False,
        choices=[
            ("", _("Any arrangement")),
            *StaffMember.WorkArrangement.choices,
            (UNKNOWN, _("Not on record")),
        ],
    )
    location = forms.ChoiceField(label=_("Location"), required=False, choices=LOCATION_CHOICES)
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", _("Any gender")), *StaffMember.Gender.choices, (UNKNOWN, _("Not on record"))],
    )
    in_kind = forms.ChoiceField(
        label=_("Provided in kind"),
        required=False,
        choices=[("", _("Either")), ("yes", _("Yes")), ("no", _("No"))],
    )
    in_post = forms.IntegerField(label=_("In post in"), required=False, min_value=1900, max_value=2100)
    sort = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, levels: list[Level], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            ("", _("Any level")),
            *((str(level.pk), level.name) for level in levels),
            (UNKNOWN, _("Not on record")),
        ]

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and shown as an error beside its field)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return {name: value for name, value in data.items() if value not in (None, "")}


class StaffForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "name",
            "position",
            "level",
            "team",
            "city",
            "country",
            "outside_headquarters",
            "location_source",
            "work_arrangement",
            "gender",
            "start",
            "end",
            "in_kind",
            "in_kind_from",
            "source",
        ]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "outside_headquarters": forms.NullBooleanSelect(),
        }

    def clean_country(self):
        return (self.cleaned_data.get("country") or "").strip().upper()


class LevelForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Level
        fields = ["name", "rank", "description", "criteria", "introduced_in", "source"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 6}),
        }
