from django import template
from django.utils.formats import number_format

from metrohub.calls.permissions import can_apply
from metrohub.calls.selectors import on_scale, organisation_applications, portal_calls, rubric_top

register = template.Library()


@register.inclusion_tag("calls/_portal.html", takes_context=True)
def portal_calls_for(context, organisation):
    """The open calls and the applications of an organisation, for its focal point's portal."""
    user = context["request"].user
    return {
        "request": context["request"],
        "calls": portal_calls(organisation),
        "applications": organisation_applications(organisation),
        "can_apply": can_apply(user) and user.organisation_id == organisation.pk,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def eur(amount) -> str:
    """An amount in euros, grouped as the reader's language writes numbers; cents only if any."""
    if amount is None or amount == "":
        return "—"
    places = 0 if amount == int(amount) else 2
    return f"EUR {number_format(amount, places, use_l10n=True, force_grouping=True)}"


@register.filter
def scale_top(call) -> int:
    """The top of a call's rubric scale (5 for a rubric scored 0–5); see `rubric_top`."""
    return rubric_top(call.criteria.all())


@register.filter
def score_on(weighted_score, call) -> str:
    """A review's weighted score on its call's rubric scale: “4.3 / 5” (or “72.5 / 100”)."""
    top = rubric_top(call.criteria.all())
    return f"{number_format(on_scale(weighted_score, top), 1, use_l10n=True)} / {top}"
