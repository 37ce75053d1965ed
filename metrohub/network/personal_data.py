"""Personal data in the registry (see core/privacy.py). Erasure and export walk these."""

from metrohub.core.privacy import not_personal, personal

personal(
    "network.Person",
    "name",
    "gender",
    "email",
    "phone",
    "source",
    person="pk",
    keep=("gender",),
    why="the person; gender stays for the counts, anonymous once the name is gone",
)
personal(
    "network.Position",
    "title",
    "source",
    person="person",
    context=("organisation__name", "role", "start", "end"),
)
personal(
    "network.Office",
    "title",
    "source",
    person="person",
    context=("body__name", "organisation__name", "start", "end"),
)
personal("network.Consent", "method", person="person", context=("purpose", "given_at", "withdrawn_at"))
# The login account of someone in the registry, by email. The account's own name is erased;
# its username and email stay until an administrator closes the account (they are its login).
personal(
    "accounts.User",
    "username",
    "first_name",
    "last_name",
    "email",
    match={"email": "email"},
    keep=("username", "email"),
    context=("date_joined", "last_login"),
)
not_personal("network.Organisation", "name")
not_personal("network.OrganisationAlias", "name")
not_personal("network.GoverningBody", "name")
not_personal("network.RegionalSecretariat", "name")
# An invitation to be a focal point: the address it went to, like the account it may open.
personal(
    "accounts.Invitation",
    "email",
    match={"email": "email"},
    keep=("email",),
    context=("organisation__name", "status", "created_at"),
)
# A prospective member's contact, as they wrote it on the form: matched to a Person by email.
personal(
    "network.Prospect",
    "contact_name",
    "contact_email",
    "contact_title",
    "message",
    match={"contact_email": "email"},
    context=("name", "stage", "created_at"),
)
not_personal("network.Prospect", "name")
# Who a reminder went to: the focal points' addresses, copied when it was sent.
personal("network.RenewalReminder", "recipients", context=("organisation__name", "year", "sent_at"))
