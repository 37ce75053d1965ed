"""Records tagged with an action line (`core.models.action_line_field`: events, grants,
publications, courses, projects): the filter their list pages share, so each count of "activity per
action line" opens its records (`?action_line=AL2`, or `none` for those with none on record)."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

NO_ACTION_LINE = "none"


def action_line_choices() -> list[tuple[str, str]]:
    from metrohub.core.models import ActionLine

    return [
        *((line.code, str(line)) for line in ActionLine.objects.all()),
        (NO_ACTION_LINE, _("None on record")),
    ]


def by_action_line(queryset, code: str):
    """The records of one action line (`none`: those with none on record); all for a blank code."""
    if code == NO_ACTION_LINE:
        return queryset.filter(action_line__isnull=True)
    return queryset.filter(action_line__code=code) if code else queryset


class ActionLineFilter(django_filters.ChoiceFilter):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Action line"))
        kwargs.setdefault("empty_label", _("Any action line"))
        super().__init__(choices=action_line_choices, method=self.pick, **kwargs)

    def pick(self, queryset, name, value):
        return by_action_line(queryset, value)


@dataclass(frozen=True)
class YearAndActionLine:
    """`?year=2024&action_line=AL2` on a simple page of records (no `Listing`): what the figures of
    "activity per action line" open. A value that is not a year or an action line is left out."""

    year: int | None
    action_line: str
    label: str

    @classmethod
    def from_request(cls, request: HttpRequest) -> YearAndActionLine:
        raw = request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and 1900 <= int(raw) <= 2100 else None
        labels = dict(action_line_choices())
        code = request.GET.get("action_line", "")
        code = code if code in labels else ""
        return cls(year=year, action_line=code, label=str(labels.get(code, "")))

    @property
    def active(self) -> bool:
        return bool(self.year or self.action_line)
