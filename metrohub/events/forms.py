from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from metrohub.core.action_lines import ActionLineFilter
from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet, SearchFilter
from metrohub.core.models import Region
from metrohub.core.search_select import SearchSelect
from metrohub.events.models import Event, Feedback, Registration, Speaker
from metrohub.events.selectors import NO_WOMAN, panels_without_a_woman
from metrohub.network.models import Organisation, Person


class EventFilter(ListFilterSet):
    q = SearchFilter("title", "theme", "place", "city__name", label=_("Search"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Event.Kind.choices, empty_label=_("Any kind"))
    year = IntegerFilter(label=_("Year"), field_name="start__year", min_value=1900, max_value=2100)
    action_line = ActionLineFilter()
    panel = django_filters.ChoiceFilter(
        label=_("Panels"),
        choices=[(NO_WOMAN, _("A panel without a woman"))],
        empty_label=_("Any"),
        method="with_panel",
    )

    def with_panel(self, queryset, name, value):
        return queryset.filter(sessions__panels__in=panels_without_a_woman()).distinct()


class EventForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind", "title", "theme", "description", "parent", "conference", "place", "city", "start", "end",
            "timezone", "all_day", "date_precision", "capacity", "public", "action_line", "thematic_priority",
            "source",
        ]  # fmt: skip
        widgets = {
            "start": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "end": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Event.objects.filter(kind=Event.Kind.NETWORK_DAY)
        if self.instance.pk:  # show the times as the event's own clock reads them
            zone = ZoneInfo(self.instance.timezone)
            for name in ("start", "end"):
                self.initial[name] = getattr(self.instance, name).astimezone(zone).replace(tzinfo=None)

    def clean(self):
        """Read the start and end on the event's own clock (its time zone), not the server's."""
        data = super().clean()
        try:
            zone = ZoneInfo(data.get("timezone") or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            self.add_error("timezone", _("Not a time zone name (e.g. Africa/Dakar)."))
            return data
        for name in ("start", "end"):
            if data.get(name):
                data[name] = timezone.localtime(data[name]).replace(tzinfo=zone)
        return data


class OutcomeForm(BootstrapMixin, forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("event", "Outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=300)


class PanelForm(BootstrapMixin, forms.Form):
    session_title = forms.CharField(label=_("Session"), max_length=300)
    title = forms.CharField(label=_("Panel title"), max_length=300)


class SpeakerForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "title", "organisation", "organisation_name", "gender"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [("", _("Not stated")), *Speaker.Gender.choices]


class RegistrationForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"))


class RegistrationFilter(ListFilterSet):
    q = SearchFilter("name", "email", "organisation__name", label=_("Search"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (Registration.Status.CONFIRMED, _("Attending")),
            (Registration.Status.WAITLISTED, _("Waiting")),
            (Registration.Status.CANCELLED, _("Cancelled")),
        ],
        empty_label=_("Any status"),
    )
    attended = django_filters.BooleanFilter(
        label=_("Ticked as present"),
        widget=forms.Select(choices=[("", _("Either")), ("true", _("Present")), ("false", _("Not ticked"))]),
    )


class MemberRegistrationForm(BootstrapMixin, forms.Form):
    """A focal point ticks the people of their organisation to register. The choices shown are
    their own current people; what is posted is checked by the service, which refuses anyone else."""

    people = forms.ModelMultipleChoiceField(
        label=_("People to register"),
        queryset=Person.objects.filter(erased_at__isnull=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one person to register.")},
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].widget.choices = [(person.pk, person.name) for person in people]


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class InvitationForm(BootstrapMixin, forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=SearchSelect("organisations", multiple=True),
    )
    region = forms.ModelChoiceField(
        label=_("Or all current members of a region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("No region"),
    )

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("region"):
            raise forms.ValidationError(_("Choose at least one organisation, or a region's members."))
        return data


class FeedbackForm(BootstrapMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall, how was the event?"),
        choices=Feedback.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    useful = forms.TypedChoiceField(
        label=_("Was it useful for your organisation's work?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to tell the organisers? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
