"""An observation's boundary and method as the reader's language names them (the rows of the
ranking carry the stored codes, which the CSV and JSON twins keep)."""

from django import template

from metrohub.futures.models import Observation

register = template.Library()

_LABELS = {"boundary": dict(Observation.Boundary.choices), "method": dict(Observation.Method.choices)}


@register.filter
def observation_label(code: str, field: str) -> str:
    """`{{ row.method|observation_label:"method" }}`: "measured" → "Mesurée" in French."""
    return _LABELS[field].get(code, code)


@register.simple_tag(takes_context=True)
def cite_url(context, release) -> str:
    """The page's own address, pinned to the release it shows (so the citation keeps its figures)."""
    request = context["request"]
    query = request.GET.copy()
    query.setdefault("release", str(release.number))
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
