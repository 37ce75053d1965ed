"""A search-as-you-type choice, for lists too long for a select (organisations, people, cities).

One widget, one partial, one endpoint. An app registers a `Source` (who may search it, how to find
matches, how to name chosen values); a form field uses `SearchSelect(source)` as its widget, or a
hand-written GET form includes `{% search_select source name chosen %}`. The page shows a search
box and the choices as radio buttons (ticked boxes when several may be chosen): the chosen ones,
then at most `LIMIT` matches.

With JavaScript, htmx asks `/search/<source>/` for the matches as one types (the chosen values
sent along stay chosen). Without it, the Search button sends the form: a GET form shows the page
again with the matches; a POST form is refused with “pick one of the matches” and shown again as
typed (core/forms.py `BootstrapMixin`), the matches under the box.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from metrohub.core.access import permission
from metrohub.core.permissions import Verdict, deny

LIMIT = 10
Option = tuple[str, str]  # (value, label)


@dataclass(frozen=True)
class Source:
    rule: Callable[..., Verdict]  # rule(user): who may search
    search: Callable[[str, int], Iterable[Option]]  # search(query, limit): the first matches
    labels: Callable[[list[str]], Iterable[Option]]  # labels(values): the chosen ones, named


SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    SOURCES[name] = source


def options(source_name: str, *, query: str, chosen: list[str], limit: int = LIMIT) -> dict:
    """The chosen values (ticked) then at most `limit` other matches of `query`."""
    source = SOURCES[source_name]
    chosen = [str(value) for value in chosen if value not in (None, "")]
    picked = [(str(v), label, True) for v, label in source.labels(chosen)] if chosen else []
    matches = []
    query = query.strip()[:100]
    if query:
        found = [(str(v), label) for v, label in source.search(query, limit + len(chosen) + 1)]
        matches = [(v, label, False) for v, label in found if v not in chosen]
    return {
        "options": picked + matches[:limit],
        "more": len(matches) > limit,
        "query": query,
        "none_found": bool(query) and not matches,
        "limit": limit,
    }


def context(
    source_name: str,
    *,
    name: str,
    id_: str,
    query: str,
    chosen: list[str],
    multiple: bool,
    blank: bool = False,
) -> dict:
    """What the partial needs. `blank`: an optional single choice offers “none” too."""
    return {
        "name": name,
        "id": id_,
        "multiple": multiple,
        "blank": blank and not multiple,
        "nothing_chosen": not [value for value in chosen if value not in (None, "")],
        "url": reverse("search_select", args=[source_name]),
        **options(source_name, query=query, chosen=chosen),
    }


def searching(data, name: str) -> bool:
    """Whether the no-JavaScript Search button of the field `name` sent the form."""
    return f"{name}__find" in data


class SearchSelect(forms.Widget):
    """A search box with the matches to pick from. `multiple`: ticked boxes, several values."""

    template_name = "core/_search_select.html"

    def __init__(self, source: str, *, multiple: bool = False, attrs=None):
        super().__init__(attrs)
        self.source, self.multiple = source, multiple
        self.form_data = {}  # the bound form's data, for the query typed (set by BootstrapMixin)

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        base = super().get_context(name, value, attrs)
        values = value if isinstance(value, list | tuple) else [value]
        query = self.form_data.get(f"{name}__q", "") if self.form_data else ""
        widget_id = base["widget"]["attrs"].get("id") or f"id_{name}"
        base.update(
            context(
                self.source,
                name=name,
                id_=widget_id,
                query=query,
                chosen=values,
                multiple=self.multiple,
                blank=not self.is_required,
            )
        )
        base["invalid"] = "is-invalid" in base["widget"]["attrs"].get("class", "")
        return base


def search_rule(user, slug: str) -> Verdict:
    source = SOURCES.get(slug)
    if source is None:
        return deny(_("There is nothing to search here."))
    return source.rule(user)


@permission(search_rule)
def search_view(request, slug: str):
    """The matches of `?<field>__q=` (htmx: the options' HTML; `?format=json`: a list)."""
    if slug not in SOURCES:
        raise Http404
    field = request.GET.get("field", "q")[:100]
    query = request.GET.get(f"{field}__q", request.GET.get("q", ""))
    chosen = request.GET.getlist(field) if field != "q" else []
    found = options(slug, query=query, chosen=chosen)
    if request.GET.get("format") == "json":
        return JsonResponse({"results": [{"value": v, "label": label} for v, label, _c in found["options"]]})
    page = {**found, "name": field, "id": request.GET.get("id", f"id_{field}")[:100]}
    page["multiple"] = request.GET.get("multiple") == "1"
    page["blank"] = request.GET.get("blank") == "1" and not page["multiple"]
    page["nothing_chosen"] = not [value for value in chosen if value]
    return render(request, "core/_search_options.html", page)
