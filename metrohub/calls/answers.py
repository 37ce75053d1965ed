"""Answers to a call's questions, validated against the questions staff defined.

Answers are stored as JSON keyed by question (`q<id>`). A draft may leave required questions
blank; a submission may not.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from metrohub.calls.models import Question

YES, NO = "yes", "no"


def clean_answers(questions, raw: dict, *, complete: bool) -> tuple[dict, dict[str, str]]:
    """The answers in their stored form, and the problems per question key."""
    cleaned, errors = {}, {}
    for question in questions:
        value = raw.get(question.key)
        value = value.strip() if isinstance(value, str) else value
        if value in (None, ""):
            if complete and question.required:
                errors[question.key] = _("“%(question)s” needs an answer.") % {"question": question.label}
            continue
        if question.kind == Question.Kind.NUMBER:
            try:
                value = str(Decimal(str(value)))
            except InvalidOperation:
                errors[question.key] = _("“%(question)s” takes a number.") % {"question": question.label}
                continue
        elif question.kind == Question.Kind.CHOICE and value not in question.options:
            errors[question.key] = _("“%(question)s”: choose one of the options.") % {
                "question": question.label
            }
            continue
        elif question.kind == Question.Kind.YES_NO and value not in (YES, NO):
            errors[question.key] = _("“%(question)s”: answer yes or no.") % {"question": question.label}
            continue
        elif question.kind == Question.Kind.TEXT and len(str(value)) > 500:
            errors[question.key] = _("“%(question)s”: at most 500 characters.") % {"question": question.label}
            continue
        elif question.kind == Question.Kind.LONG_TEXT and len(str(value)) > 10_000:
            errors[question.key] = _("“%(question)s”: at most 10,000 characters.") % {
                "question": question.label
            }
            continue
        cleaned[question.key] = value
    return cleaned, errors


def display(question: Question, value) -> str:
    if value in (None, ""):
        return ""
    if question.kind == Question.Kind.YES_NO:
        return _("Yes") if value == YES else _("No")
    return str(value)
