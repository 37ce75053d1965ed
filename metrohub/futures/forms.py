from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.futures.models import Import


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=Import.Kind.choices)
    file = forms.FileField(label=_("CSV, XLSX or SDMX-CSV file"))


class PublishForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("What this release brings"), max_length=300, required=False)
    # The number the user saw on the confirmation page: if it is no longer the next, they look again.
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=1_000_000)
