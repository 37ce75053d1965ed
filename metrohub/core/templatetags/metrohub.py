from django import template
from django.conf import settings
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def signed(value) -> str:
    return f"{value:+,.0f}" if value is not None else "—"


@register.inclusion_tag("core/_search_select.html", takes_context=True)
def search_select(
    context, source: str, name: str, chosen=(), multiple: bool = False, blank: bool = False
) -> dict:
    """A search-as-you-type choice in a hand-written GET form (see core/search_select.py); `blank`:
    a single choice that may be left empty (“any”)."""
    from metrohub.core.search_select import context as search_context

    request = context["request"]
    query = request.GET.get(f"{name}__q", "")
    chosen = list(chosen) if isinstance(chosen, list | tuple) else [chosen]
    return search_context(
        source, name=name, id_=f"id_{name}", query=query, chosen=chosen, multiple=multiple, blank=blank
    )


@register.simple_tag
def network() -> str:
    """The network this deployment serves (METROHUB_NETWORK_NAME), for mail and files rendered
    without a request: `{% network as network_name %}`."""
    return settings.METROHUB_NETWORK_NAME
