import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from metrohub.core import search_select
from metrohub.core.forms import BootstrapMixin
from metrohub.core.permissions import ALLOWED
from metrohub.futures.models import Import


class ImportForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("The file holds"), choices=Import.Kind.choices)
    file = forms.FileField(label=_("CSV, XLSX or SDMX-CSV file"))


class PublishForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label=_("What this release brings"), max_length=300, required=False)
    # The number the user saw on the confirmation page: if it is no longer the next, they look again.
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=1_000_000)


def _cities():
    from metrohub.futures import selectors

    release = selectors.published_release()
    return selectors.catalogue(release).cities if release else []


def _folded(text: str) -> str:
    """Lower case without accents: "sao" finds São Paulo, "bogota" Bogotá."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )


def _search_cities(query: str, limit: int):
    query = _folded(query)
    found = [c for c in _cities() if query in _folded(c["name"]) or query == c["code"].casefold()]
    return [(c["code"], c["name"]) for c in found[:limit]]


# The cities of the latest published release, for the explorer's pickers (open to everyone).
search_select.register(
    "futures-cities",
    search_select.Source(
        rule=lambda user: ALLOWED,
        search=_search_cities,
        labels=lambda values: [(c["code"], c["name"]) for c in _cities() if c["code"] in values],
    ),
)
