import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet, SearchFilter
from metrohub.people.models import Level, StaffMember
from metrohub.people.selectors import UNKNOWN


def _levels() -> list[tuple[str, str]]:
    return [*((str(level.pk), level.name) for level in Level.objects.all()), (UNKNOWN, _("Not on record"))]


class StaffFilter(ListFilterSet):
    """The staff list's filters. Each fact can also be asked for where it is not on record."""

    q = SearchFilter(
        "name",
        "position",
        "team",
        label=_("Search"),
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, position or team")}),
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=_levels, empty_label=_("Any level"), method="by_level"
    )
    work_arrangement = django_filters.ChoiceFilter(
        label=_("Work arrangement"),
        choices=[*StaffMember.WorkArrangement.choices, (UNKNOWN, _("Not on record"))],
        empty_label=_("Any arrangement"),
        method="unknown_is_blank",
    )
    location = django_filters.ChoiceFilter(
        label=_("Location"),
        choices=[
            ("outside", _("Outside headquarters")),
            ("headquarters", _("At headquarters")),
            (UNKNOWN, _("Not on record")),
        ],
        empty_label=_("Anywhere"),
        method="by_location",
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"),
        choices=[*StaffMember.Gender.choices, (UNKNOWN, _("Not on record"))],
        empty_label=_("Any gender"),
        method="unknown_is_blank",
    )
    in_kind = django_filters.ChoiceFilter(
        label=_("Provided in kind"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        empty_label=_("Either"),
        method="by_in_kind",
    )
    in_post = IntegerFilter(label=_("In post in"), min_value=1900, max_value=2100, method="in_post_during")

    def by_level(self, queryset, name, value):
        return queryset.filter(level__isnull=True) if value == UNKNOWN else queryset.filter(level_id=value)

    def unknown_is_blank(self, queryset, name, value):
        return queryset.filter(**{name: "" if value == UNKNOWN else value})

    def by_location(self, queryset, name, value):
        outside = {"outside": True, "headquarters": False, UNKNOWN: None}[value]
        return queryset.filter(outside_headquarters=outside)

    def by_in_kind(self, queryset, name, value):
        return queryset.filter(in_kind=value == "yes")

    def in_post_during(self, queryset, name, value):
        return queryset.in_post_during(value)


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
