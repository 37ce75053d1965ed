import django_filters
from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from metrohub.comms.models import Issue, Subscriber, Testimonial
from metrohub.core.forms import BootstrapMixin
from metrohub.core.lists import ListFilterSet, SearchFilter
from metrohub.core.search_select import SearchSelect
from metrohub.network.models import Organisation
from metrohub.people.models import StaffMember


def consent_wording() -> str:
    """What a subscriber agrees to, in the language of the page: kept word for word with their
    consent."""
    return gettext(
        "I agree to receive the %(network_name)s monthly newsletter by email at this address. "
        "I can unsubscribe at any time with the link in every issue."
    ) % {"network_name": settings.METROHUB_NETWORK_NAME}


CONSENT_WORDING = lazy(consent_wording, str)()


class SubscribeForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    consent = forms.BooleanField(label=CONSENT_WORDING, required=True)


class IssueForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["number", "title", "month", "author", "introduction"]
        widgets = {
            "month": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "introduction": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only who is in post, by name and position (public in the report's annex): communications
        # sees nothing else of the HR records.
        self.fields["author"].queryset = StaffMember.objects.filter(end__isnull=True).order_by("name")
        self.fields["author"].label_from_instance = lambda staff: f"{staff.name} — {staff.position}"


class SectionForm(BootstrapMixin, forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=300)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Simple HTML is kept; the rest is removed."),
    )
    featured_organisation = forms.ModelChoiceField(
        label=_("Featured member initiative"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=SearchSelect("organisations"),
    )


class SubscriberFilter(ListFilterSet):
    q = SearchFilter("email", "name", label=_("Search"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Subscriber.Status.choices, empty_label=_("Any")
    )


class IssueFilter(ListFilterSet):
    q = SearchFilter("title", "author__name", label=_("Search"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Issue.Status.choices, empty_label=_("Any status")
    )


class TestimonialFilter(ListFilterSet):
    q = SearchFilter("quote", "person_name", "city__name", "city_name", label=_("Search"))
    consent = django_filters.ChoiceFilter(
        label=_("Consent to publish"), choices=Testimonial.Consent.choices, empty_label=_("Any")
    )


class ConsentForm(BootstrapMixin, forms.Form):
    consent = forms.ChoiceField(label=_("Consent to publish"), choices=Testimonial.Consent.choices)
    how = forms.CharField(label=_("How it was given"), max_length=300, required=False)
