from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core.forms import BootstrapMixin
from metrohub.futures.models import Import


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=Import.Kind.choices)
    file = forms.FileField(label=_("CSV, XLSX or SDMX-CSV file"))


class PublishForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("What this release brings"), max_length=300, required=False)
