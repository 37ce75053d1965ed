"""Asking first: the confirmation page of a one-way action, usable without JavaScript.

A one-way action (submitting, deciding, awarding, sending, publishing, removing, erasing) goes
through `form_pages.action` or `form_pages.form_page` with `confirm=`. A GET of the action's URL,
or a POST without `confirmed=1`, shows the confirmation page: what will happen and to whom (the
`Confirmation`'s title and consequences), a Confirm button that posts everything that was posted
(plus `confirmed=1`) back to the same URL, and a Cancel link back. Only that second POST acts.

    return action(
        request,
        lambda: services.issue_send(actor=request.user, issue=issue, base_url=...),
        back=reverse("comms:issue_detail", args=[issue.pk]),
        confirm=lambda params: Confirmation(
            title=_("Send “%(title)s”?") % {"title": issue.title},
            consequences=[_("It goes to %(count)s confirmed subscribers.") % {"count": n}],
            button=_("Send it now"),
        ),
    )

A confirmation may carry a `refusal` (the reason it cannot be done now): the page then says so
and offers no Confirm button; the service refuses too, so this is a courtesy, never the guard.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

CONFIRMED = "confirmed"
# Never carried from the first request to the confirmation's form.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRMED}


@dataclass
class Confirmation:
    """What the confirmation page says. `consequences`: one line each, what will happen and to
    whom; `warning`: said last, in bold (by default, that it cannot be undone); `button`: the
    Confirm button's words; `style`: its Bootstrap colour; `cancel`: where Cancel goes (the
    action's `back` by default); `form`: fields asked on the page itself (a note, a reference),
    posted with the Confirm button; `extra`: a template shown above the buttons (a preview, a test
    send) with `context`; `refusal`: why it cannot be done now (no Confirm button then); `error`:
    why the last try failed (the Confirm button stays, to try again)."""

    title: str
    consequences: Sequence[str] = ()
    button: str = _("Confirm")
    warning: str | None = _("This cannot be undone.")
    style: str = "primary"
    cancel: str | None = None
    form: forms.BaseForm | None = None
    extra: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict)
    refusal: str | None = None
    error: str | None = None


# A confirmation, or a function of the request's parameters (or the form's cleaned data) giving one.
Confirm = Confirmation | Callable[[Any], Confirmation]


def is_confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def params(request: HttpRequest) -> QueryDict:
    """What the first request carried: the POST's fields, or the GET's query."""
    return request.POST if request.method == "POST" else request.GET


def carried(data: QueryDict, form: forms.BaseForm | None = None) -> list[tuple[str, str]]:
    """The fields to post again with the Confirm button (the page's own form's fields excepted)."""
    own = set(form.fields) if form is not None else set()
    prefix = f"{form.prefix}-" if form is not None and form.prefix else ""
    return [
        (name, value)
        for name, values in data.lists()
        if name not in _NOT_CARRIED and name.removeprefix(prefix) not in own
        for value in values
    ]


def confirmation_page(
    request: HttpRequest,
    confirmation: Confirmation,
    *,
    cancel: str,
    data: QueryDict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page that asks first; Confirm posts `data` again, with `confirmed=1`, to this URL."""
    data = params(request) if data is None else data
    context = {
        **confirmation.context,
        "confirmation": confirmation,
        "carried": carried(data, confirmation.form),
        "action_url": request.path,
        "cancel_url": confirmation.cancel or cancel,
    }
    return render(request, "core/confirm.html", context, status=status)
