"""Personal data in calls (see core/privacy.py). Applicants and reviewers act through their user
accounts (registered with the registry's people); what they wrote belongs to the application."""

from metrohub.core.privacy import not_personal, personal

personal(
    "calls.Application",
    match={"submitted_by__email": "email"},
    context=("call__title", "organisation__name", "status", "submitted_at"),
    why="applications the person submitted; their content is the organisation's",
)
personal(
    "calls.Assignment",
    "conflict_note",
    match={"reviewer__email": "email"},
    keep=("conflict_note",),
    context=("application__call__title", "application__organisation__name", "conflict"),
    why="the reviews a person was assigned; the reasons stay with the decision",
)
not_personal("calls.Call", "title")
not_personal("calls.Criterion", "name")
not_personal("calls.Attachment", "name")
