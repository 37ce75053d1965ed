"""The lifecycle's forms: the public expression of interest, the staff's entry of a prospect, a
step of the pipeline, a change of membership, and the filters of the pipeline and renewal lists."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet, SearchFilter
from metrohub.core.models import Region
from metrohub.network.forms import region_choices
from metrohub.network.membership.workflow import Stage
from metrohub.network.models import GoverningBody, MembershipPeriod, Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _fields_changed(form) -> None:
    """Validate again once `__init__` has changed the fields: BootstrapMixin validated a bound
    form with the fields as declared."""
    form._errors = None
    if form.is_bound:
        for name in form.errors:
            if name in form.fields:
                form._mark_invalid(name)


class InterestForm(BootstrapMixin, forms.Form):
    """What an organisation tells the secretariat when it would like to join."""

    name = forms.CharField(label=_("Organisation"), max_length=200, help_text=_("Its official name."))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in Organisation.Kind.choices if c[0] != Organisation.Kind.PARTNER]
    )
    country = forms.CharField(
        label=_("Country code"), max_length=2, min_length=2, help_text=_("Two letters: SN, FR, BR…")
    )
    category = forms.ChoiceField(label=_("Membership sought"), choices=MembershipPeriod.Category.choices)
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_title = forms.CharField(label=_("Your title"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Your email"))
    message = forms.CharField(
        label=_("Message"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # Spam trap: hidden from people (the field is display:none in app.css and skipped by screen
    # readers); a robot that fills every field fills this one too.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_country(self):
        country = self.cleaned_data["country"].strip().upper()
        if not country.isalpha():
            raise forms.ValidationError(_("Two letters, like SN or FR."))
        return country

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))


class ProspectForm(InterestForm):
    """The secretariat enters a prospect itself."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", required=False
    )
    note = forms.CharField(
        label=_("How it came"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["homepage"]
        self.fields["contact_name"].label = _("Contact person")
        self.fields["contact_title"].label = _("Their title")
        self.fields["contact_email"].label = _("Contact email")
        _fields_changed(self)


class StepForm(BootstrapMixin, forms.Form):
    """A step of the pipeline: why, and what the step records (the Board's decision; the
    admission's date and category)."""

    decision_on = forms.DateField(label=_("Date of the Board's decision"), widget=DATE, required=False)
    decision_body = forms.ModelChoiceField(
        label=_("Body that decided"), queryset=GoverningBody.objects.all(), required=False
    )
    decision_reference = forms.CharField(
        label=_("Decision reference"),
        max_length=200,
        required=False,
        help_text=_("As in the minutes: resolution number, meeting."),
    )
    admitted_on = forms.DateField(label=_("Member from"), widget=DATE, required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=MembershipPeriod.Category.choices, required=False
    )
    note = forms.CharField(
        label=_("Why"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    FIELDS = {
        "apply": ("note",),
        "approve": ("decision_on", "decision_body", "decision_reference", "note"),
        "admit": ("admitted_on", "category", "region", "note"),
        "decline": ("note",),
    }

    def __init__(self, *args, step: str, prospect=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.FIELDS.get(step, ("note",)):
                del self.fields[name]
        required = {
            "approve": ("decision_on", "decision_body", "decision_reference"),
            "admit": ("admitted_on", "category"),
            "decline": ("note",),
        }
        for name in required.get(step, ()):
            self.fields[name].required = True
        if "category" in self.fields and prospect is not None:
            self.initial.setdefault("category", prospect.category)
            self.initial.setdefault("region", prospect.region.code if prospect.region else None)
        if "admitted_on" in self.fields:
            self.initial.setdefault("admitted_on", timezone.localdate())
        board = GoverningBody.objects.filter(kind=GoverningBody.Kind.BOARD).first()
        if "decision_body" in self.fields and board is not None:
            self.initial.setdefault("decision_body", board.pk)
        _fields_changed(self)


CHANGES = ("category", "suspend", "reinstate", "withdraw", "lapse")


class ChangeForm(BootstrapMixin, forms.Form):
    """A change of a member's category or status, from a date, with its reason."""

    on = forms.DateField(label=_("From"), widget=DATE)
    category = forms.ChoiceField(label=_("New category"), choices=MembershipPeriod.Category.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("The rule applied or the letter received (arrears, letter of 3 March…)."),
    )

    def __init__(self, *args, change: str, **kwargs):
        super().__init__(*args, **kwargs)
        if change != "category":
            del self.fields["category"]
        if change == "suspend":
            self.fields["reason"].required = True
        self.initial.setdefault("on", timezone.localdate())
        _fields_changed(self)


class PipelineFilter(ListFilterSet):
    q = SearchFilter("name", "contact_name", "contact_email", label=_("Search"))
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Stage.choices, empty_label=_("Any stage"))
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="region__code", choices=region_choices, empty_label=_("All regions")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category sought"), choices=MembershipPeriod.Category.choices, empty_label=_("Any category")
    )


class RenewalFilter(ListFilterSet):
    # The year chooses the list's records (renewal_members); kept here so the filters carry it.
    year = IntegerFilter(label=_("Membership year"), method="keep", min_value=1900, max_value=2100)
    q = SearchFilter("name", label=_("Search"))
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="region__code", choices=region_choices, empty_label=_("All regions")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        field_name="period_category",
        choices=MembershipPeriod.Category.choices,
        empty_label=_("Any category"),
    )
    reminded = django_filters.BooleanFilter(
        label=_("Reminded"),
        method="filter_reminded",
        widget=forms.Select(choices=[("", _("Either")), ("true", _("Yes")), ("false", _("No"))]),
    )

    def keep(self, queryset, name, value):
        return queryset

    def filter_reminded(self, queryset, name, value):
        return queryset.filter(reminded_at__isnull=not value)


class ReminderForm(forms.Form):
    year = forms.IntegerField(min_value=1900, max_value=2100)
    members = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(), error_messages={"required": _("Select the members to remind.")}
    )
