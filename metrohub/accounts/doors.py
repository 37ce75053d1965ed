"""Closed doors explain themselves: an anonymous visitor sent to log in from a page that is not
public is told, on the login page, what is behind that door, who may see it (the page's own rule
gives its refusal's reason: core/access.py) and where the public part of it is, if there is one.

Only public pages that exist are offered: each link is checked to reach a view marked `@public`.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

# What each part of metrohub holds, by URL namespace (or "namespace:name" for one page), and the
# public pages that show what of it is public (URL names).
BEHIND = {
    "reports": (
        _(
            "The annual report as it is being prepared: computed from the records, with the declared "
            "figures beside it, its PDF and its sources."
        ),
        (("reports:index", _("The published annual reports")),),
    ),
    "calls": (
        _("Calls for applications, with their applications, reviews and decisions."),
        (("calls:public_calls", _("The calls for applications")),),
    ),
    "calls:portal": (
        _("The calls a member city may apply to, and its applications."),
        (),
    ),
    "fund": (
        _("The International Fund's records: contributions, grants, tranches and grantee reports."),
        (("fund:public_funds", _("The funds' balances and grants")),),
    ),
    "network": (
        _("The registry: every organisation with its memberships, people and contacts."),
        (("network:member_directory", _("The directory of members")), ("network:member_map", _("The map"))),
    ),
    "finance": (_("Agreements with partners, membership dues, payments and income."), ()),
    "people": (_("The secretariat's staff records."), ()),
    "mel": (
        _("The results framework: indicators, targets, results, the learning log and the reconciliation."),
        (),
    ),
    "comms": (
        _("Newsletter issues before they are sent, subscribers, and testimonials' consent."),
        (("comms:archive", _("The newsletter archive")), ("comms:testimonials", _("Testimonials"))),
    ),
    "futures": (
        _("Metro Futures' imports and the publication of new releases."),
        (("futures:home", _("Metro Futures")), ("futures:releases", _("Metro Futures releases"))),
    ),
    "programs": (
        _("Solutions Labs' participants, sessions, attendance and surveys."),
        (("programs:dashboard", _("The Solutions Labs")), ("programs:course_list", _("Courses"))),
    ),
    "events": (
        _("Event editing, panels and registrations."),
        (("events:event_list", _("Events")),),
    ),
    "projects": (_("Editing partnership projects."), (("projects:project_list", _("Projects")),)),
    "work": (_("Background work: mail, newsletter sending and publishing, as the task worker does it."), ()),
    "admin": (_("The administration site."), ()),
}

ADMIN_ONLY = _("The administration site is for administrators only.")


@dataclass
class Door:
    what: str
    who: str
    public: list[tuple[str, str]] = field(default_factory=list)  # (label, URL)


def _is_public(url: str) -> bool:
    try:
        return bool(getattr(resolve(url).func, "metrohub_public", False))
    except Resolver404:
        return False


def explain(target: str | None) -> Door | None:
    """What is behind the page at `target` (a path on this site), for an anonymous visitor;
    None for a public page, another site, or an address that is no page."""
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return None
    path = target.split("?", 1)[0].split("#", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if getattr(match.func, "metrohub_public", False):
        return None
    namespace = match.namespaces[0] if match.namespaces else ""
    what, links = BEHIND.get(f"{namespace}:{match.url_name}") or BEHIND.get(namespace) or ("", ())
    rule = getattr(match.func, "metrohub_rule", None)
    who = ""
    if rule is not None:
        try:
            who = rule(AnonymousUser(), **match.kwargs).reason
        except Exception:  # a rule that looks a record up by a bad address: say nothing more
            who = ""
    elif namespace == "admin":
        who = ADMIN_ONLY
    if not what and not who:
        return None
    public = []
    for name, label in links:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if _is_public(url):
            public.append((label, url))
    return Door(what=str(what), who=str(who), public=public)
