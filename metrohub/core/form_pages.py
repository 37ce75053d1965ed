"""Form pages and action buttons: one way for a page to call a service and say why it refused.

Every page that changes a record does the same four things: bind the form to what was posted
(files included), call the service with the cleaned data, turn a refusal (`DomainError`,
`NotAllowed`) into the form's error with its reason — keeping what was typed — and, once done,
redirect with a message. `form_page` is that page; `action` is the POST-only button beside a record
(call the service, say the reason or the success, go back), and `record_action` that button's whole
view; `bind` and `submit` are the two steps
for the pages that hold several forms.

    @permission(manage_rule)
    def lab_add(request):
        return form_page(
            request,
            LabForm,
            save=lambda data: services.lab_create(actor=request.user, **data),
            template="programs/form.html",
            context={"title": _("Add a lab")},
            success_url=lambda lab: reverse("programs:lab_detail", args=[lab.pk]),
            success_message=_("The lab was added."),
        )
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from metrohub.core.confirm import Confirm, confirmation_page, is_confirmed, params
from metrohub.core.errors import DomainError, NotAllowed

# A URL, or a function of the service's result that gives one (the record just created).
Target = str | Callable[[Any], str]
# A message, or a function of the service's result that gives one (None: no message).
Message = str | Callable[[Any], str | None] | None


@dataclass
class Submission:
    """What came of a posted form: `done` with the service's `result`, or not (the form is
    invalid, or the service refused with `error`, whose reason is now on the form)."""

    done: bool
    result: Any = None
    error: DomainError | None = None

    @property
    def refused(self) -> bool:
        return self.error is not None

    @property
    def not_allowed(self) -> bool:
        return isinstance(self.error, NotAllowed)


def bind(request: HttpRequest, form_class, /, **kwargs) -> forms.BaseForm:
    """The form bound to the request's data and files on POST, unbound (with `initial`) otherwise."""
    if request.method == "POST":
        return form_class(request.POST, request.FILES, **kwargs)
    return form_class(**kwargs)


def refusal_to_form(form: forms.BaseForm, error: DomainError, *, field: str | None = None) -> None:
    """Show a refusal on the form: on each named field when the error names them (`errors`, a
    mapping of field to reason), else on `field`, else above the form."""
    named = getattr(error, "errors", None)
    if isinstance(named, Mapping) and named:
        for key, reason in named.items():
            form.add_error(key if key in form.fields else None, reason)
        return
    form.add_error(field, error.message)


def submit(form: forms.BaseForm, save: Callable[[dict], Any], *, field: str | None = None) -> Submission:
    """If the bound form is valid, call `save(cleaned_data)`; a refusal's reason goes on the form."""
    if not form.is_bound or not form.is_valid():
        return Submission(done=False)
    try:
        result = save(form.cleaned_data)
    except DomainError as exc:
        refusal_to_form(form, exc, field=field)
        return Submission(done=False, error=exc)
    return Submission(done=True, result=result)


def _resolve(value, result):
    return value(result) if callable(value) else value


def finish(request: HttpRequest, result, *, success_url: Target, success_message: Message = None):
    """Say what was done (if there is anything to say) and go where the page goes next."""
    message = _resolve(success_message, result)
    if message:
        messages.success(request, message)
    return redirect(_resolve(success_url, result))


def form_page(
    request: HttpRequest,
    form_class,
    *,
    save: Callable[[dict], Any],
    success_url: Target,
    success_message: Message = None,
    template: str | None = None,
    context: Mapping | Callable[[forms.BaseForm], Mapping] | None = None,
    form_name: str = "form",
    render_page: Callable[[forms.BaseForm, int], HttpResponse] | None = None,
    error_status: int = 200,
    not_allowed_status: int | None = None,
    error_field: str | None = None,
    initial: Mapping | None = None,
    instance=None,
    form_kwargs: Mapping | None = None,
    post_only: Target | None = None,
    confirm: Confirm | None = None,
) -> HttpResponse:
    """A page with one form that calls one service.

    `form_class` is a form class (bound here to POST and FILES, with `initial`, `instance` and
    `form_kwargs`) or a form already built. On a valid POST `save(cleaned_data)` runs; its result
    decides `success_url` and `success_message` when they are functions. An invalid form or a
    refusal shows the page again with the form as typed and the reason, answering `error_status`
    (`not_allowed_status` for NotAllowed, when given). The page is `template` with `context` (a
    mapping, or a function of the form) and the form under `form_name`, or `render_page(form,
    status)` when the form lives on another page. `post_only`: the form is only ever posted from
    another page; a GET goes there. `confirm` (see core/confirm.py): a valid POST first shows the
    confirmation page (a function of the cleaned data gives it); only its Confirm button saves."""
    if post_only is not None and request.method != "POST":
        return redirect(_resolve(post_only, None))
    if isinstance(form_class, forms.BaseForm):
        form = form_class
    else:
        kwargs = dict(form_kwargs or {})
        if initial is not None:
            kwargs["initial"] = initial
        if instance is not None:
            kwargs["instance"] = instance
        form = bind(request, form_class, **kwargs)
    status = 200
    if request.method == "POST" and confirm is not None and not is_confirmed(request) and form.is_valid():
        return confirmation_page(request, _resolve(confirm, form.cleaned_data), cancel=request.path)
    if request.method == "POST":
        outcome = submit(form, save, field=error_field)
        if outcome.done:
            return finish(request, outcome.result, success_url=success_url, success_message=success_message)
        if form.is_bound:
            status = error_status
            if outcome.not_allowed and not_allowed_status is not None:
                status = not_allowed_status
    if render_page is not None:
        return render_page(form, status)
    extra = context(form) if callable(context) else (context or {})
    return render(request, template, {**extra, form_name: form}, status=status)


def run(do: Callable[[], Any]) -> Submission:
    """Call `do()` and keep its refusal, for a page that shows the reason its own way."""
    try:
        return Submission(done=True, result=do())
    except DomainError as exc:
        return Submission(done=False, error=exc)


def attempt(request: HttpRequest, do: Callable[[], Any], *, success_message: Message = None) -> Submission:
    """Call `do()`; a refusal's reason becomes an error message, a success its message."""
    outcome = run(do)
    if not outcome.done:
        messages.error(request, outcome.error.message)
        return outcome
    result = outcome.result
    message = _resolve(success_message, result)
    if message:
        messages.success(request, message)
    return Submission(done=True, result=result)


def action(
    request: HttpRequest,
    do: Callable[..., Any],
    *,
    back: Target,
    success_message: Message = None,
    success_url: Target | None = None,
    form=None,
    invalid_message: str | None = None,
    confirm: Confirm | None = None,
) -> HttpResponse:
    """A POST-only button beside a record: call the service, say why it refused or that it is
    done, and go back (`success_url`, when given, after a success). A GET goes back untouched.

    With `form` (a class, bound to the POST, or a bound form), `do(cleaned_data)` runs only if the
    form is valid; otherwise `invalid_message` (or the form's own errors) is shown.

    With `confirm` (see core/confirm.py), a GET or a POST without `confirmed=1` shows the
    confirmation page (a function of the request's parameters gives it); only its Confirm acts."""
    if confirm is not None and not is_confirmed(request):
        return confirmation_page(request, _resolve(confirm, params(request)), cancel=_resolve(back, None))
    if request.method != "POST":
        return redirect(_resolve(back, None))
    if form is not None:
        bound = form if isinstance(form, forms.BaseForm) else form(request.POST, request.FILES)
        if not bound.is_valid():
            messages.error(request, invalid_message or form_errors_text(bound))
            keep(request, bound, page=_resolve(back, None))
            return redirect(_resolve(back, None))
        outcome = attempt(request, lambda: do(bound.cleaned_data), success_message=success_message)
        if not outcome.done:
            keep(request, bound, page=_resolve(back, None))
    else:
        outcome = attempt(request, do, success_message=success_message)
    if outcome.done and success_url is not None:
        return redirect(_resolve(success_url, outcome.result))
    return redirect(_resolve(back, outcome.result if outcome.done else None))


def edit_page(
    request: HttpRequest,
    model,
    pk: int | None,
    form_class,
    *,
    create: Callable[[dict], Any],
    update: Callable[[Any, dict], Any],
    template: str,
    name: str,
    success_url: Target,
    success_message: Message = None,
    changed_only: bool = False,
) -> HttpResponse:
    """The page that adds a record (`pk` None) or edits one (a 404 when there is none):
    `create(cleaned_data)` or `update(record, cleaned_data)` calls the service — with
    `changed_only`, `update` gets only the fields the user changed. The template has the record
    (None when adding) under `name`; `success_url` and `success_message` may be functions of the
    record saved."""
    record = get_object_or_404(model, pk=pk) if pk is not None else None
    form = bind(request, form_class, instance=record)

    def save(data):
        if record is None:
            return create(data)
        return update(record, {key: data[key] for key in form.changed_data} if changed_only else data)

    return form_page(
        request,
        form,
        save=save,
        template=template,
        context={name: record},
        success_url=success_url,
        success_message=success_message,
    )


def record_form(
    request: HttpRequest,
    model,
    pk: int,
    form_class,
    *,
    save: Callable[[Any, dict], Any],
    page: Callable[[forms.BaseForm, int], HttpResponse],
    url: str,
    success_message: Message = None,
) -> HttpResponse:
    """A form that stands on one record's page (`url`) and posts to an address of its own: a GET
    goes to the page; on POST the record is found (a 404 if there is none) and `save(record,
    cleaned_data)` calls the service; an invalid form or a refusal shows the record's page again,
    `page(form, status)`, answering 400 with the reason and what was typed."""
    record = get_object_or_404(model, pk=pk) if request.method == "POST" else None
    return form_page(
        request,
        form_class,
        post_only=url,
        save=lambda data: save(record, data),
        render_page=page,
        error_status=400,
        success_url=url,
        success_message=success_message,
    )


def record_action(
    model,
    guard: Callable[[Callable], Callable],
    do: Callable[..., Any],
    *,
    back: Callable[[Any], str],
    form=None,
    invalid_message: str | None = None,
    success_message: Message = None,
    success_url: Target | None = None,
) -> Callable:
    """`action` as a whole view, for a button on one record's page: the URL's one argument is the
    record's pk (a 404 when there is none), the view answers POST only, under `guard`
    (`permission(rule)`). `do(request, record)` — with `form`, `do(request, record, cleaned_data)` —
    calls the service; `back(record)` is where the user goes back to (a function of the record).
    """

    @require_POST
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        (pk,) = kwargs.values()
        record = get_object_or_404(model, pk=pk)
        return action(
            request,
            (lambda data: do(request, record, data)) if form is not None else (lambda: do(request, record)),
            back=back(record),
            form=form,
            invalid_message=invalid_message,
            success_message=success_message,
            success_url=success_url,
        )

    return guard(view)


def form_errors_text(form: forms.BaseForm) -> str:
    """A form's errors in one line, for a message beside a button rather than a form."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


_KEPT = "metrohub.kept_form"


def keep(request: HttpRequest, form: forms.BaseForm, *, page: str) -> None:
    """Keep what was typed in a form that failed, for the page it goes back to (`kept`): an
    `action` redirects, and that page would otherwise offer the form empty."""
    data = {key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"}
    path = urlsplit(page).path
    request.session[_KEPT] = {
        "form": type(form).__name__,
        "prefix": form.prefix or "",
        "path": path,
        "data": data,
    }


def kept(request: HttpRequest, form_class, /, **kwargs) -> forms.BaseForm:
    """The form as typed when it last failed on its way here (once), else unbound with `kwargs`."""
    stored = request.session.get(_KEPT) if hasattr(request, "session") else None
    wanted = {"form": form_class.__name__, "prefix": kwargs.get("prefix") or "", "path": request.path}
    if not stored or any(stored.get(key) != value for key, value in wanted.items()):
        return form_class(**kwargs)
    del request.session[_KEPT]
    data = QueryDict(mutable=True)
    for key, values in stored["data"].items():
        data.setlist(key, values)
    kwargs.pop("initial", None)
    return form_class(data, **kwargs)
