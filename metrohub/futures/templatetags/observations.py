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
