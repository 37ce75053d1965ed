import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core import search_select
from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import IntegerFilter, ListFilterSet
from metrohub.core.models import Region
from metrohub.network.imports import KINDS
from metrohub.network.models import MembershipPeriod, Organisation, Person, Position
from metrohub.network.selectors import organisations_named


def region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in Region.objects.all()]


class PublicDirectoryFilter(ListFilterSet):
    """The member directory's filters: the public ones (a member's standing is not public)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        max_length=100,
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or other spelling")}),
    )
    region = django_filters.ChoiceFilter(
        label=_("Region"), field_name="region__code", choices=region_choices, empty_label=_("All regions")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("Any kind")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        field_name="current_category",
        choices=MembershipPeriod.Category.choices,
        empty_label=_("Any category"),
    )
    joined = IntegerFilter(
        label=_("Joined in"), field_name="membership__joined_year", min_value=1900, max_value=2100
    )

    def search(self, queryset, name, value):
        return organisations_named(queryset, value)


class DirectoryFilter(PublicDirectoryFilter):
    """The registry's filters: the public ones and the membership's status."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="current_status",
        choices=MembershipPeriod.Status.choices,
        empty_label=_("Any status"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        order = ["q", "region", "kind", "category", "status", "joined"]
        self.filters = {name: self.filters[name] for name in order}


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


class ErasureForm(BootstrapMixin, forms.Form):
    """Asked on the confirmation of an erasure: the reference of the person's request."""

    note = forms.CharField(label=_("Reference of the request (optional)"), max_length=300, required=False)


class InvitationForm(BootstrapMixin, forms.Form):
    """Invite a person of the organisation to be its focal point."""

    email = forms.EmailField(label=_("E-mail of the person to invite"), max_length=254)


def _organisation_source(**only) -> search_select.Source:
    """Organisations by name, for the secretariat's forms (a partner as donor, a featured member)."""
    from metrohub.network.permissions import can_view_registry

    def found(queryset):
        return [(o.pk, o.name) for o in queryset]

    organisations = Organisation.objects.filter(**only).order_by("name")
    return search_select.Source(
        rule=can_view_registry,
        search=lambda query, limit: found(organisations.filter(name__icontains=query)[:limit]),
        labels=lambda values: found(organisations.filter(pk__in=[v for v in values if str(v).isdigit()])),
    )


search_select.register("organisations", _organisation_source())
search_select.register("partners", _organisation_source(kind=Organisation.Kind.PARTNER))
