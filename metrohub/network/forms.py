from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.core.models import Region
from metrohub.network.imports import KINDS
from metrohub.network.models import MembershipPeriod, Organisation, Person, Position

SORT_CHOICES = [
    ("name", _("Name")),
    ("region", _("Region")),
    ("country", _("Country")),
    ("category", _("Category")),
    ("status", _("Status")),
    ("joined", _("Joined")),
    ("-population", _("Population, largest first")),
]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Organisation.Kind.choices]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *MembershipPeriod.Category.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *MembershipPeriod.Status.choices]
    )
    joined = forms.IntegerField(label=_("Joined in"), required=False, min_value=1900, max_value=2100)
    sort = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, regions: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *((r.code, r.label) for r in regions)]

    def filters(self) -> dict:
        """The valid filters; an invalid one is dropped (and shown as an error beside its field)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        return {name: value for name, value in data.items() if value not in (None, "")}


class ProfileForm(BootstrapMixin, forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["description", "website"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PersonForm(BootstrapMixin, forms.ModelForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Position.Role.choices)
    contact_consent = forms.BooleanField(
        label=_("Agrees to be contacted by the secretariat"),
        required=False,
        help_text=_("Record it only when the person said so; withdrawing keeps the record of both."),
    )

    class Meta:
        model = Person
        fields = ["name", "gender", "email", "phone"]


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[(k, {"organisations": _("Organisations"), "people": _("People")}[k]) for k in KINDS],
    )
    file = forms.FileField(label=_("CSV or XLSX file"))
