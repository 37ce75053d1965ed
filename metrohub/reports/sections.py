"""The sections of the annual report and the metrics each shows, in one place.

A section lists its metric keys in the order the 2024 report gives its figures; `prefixes` add
any other metric registered under them (so the programs' and events' figures appear when those
apps register their metrics, without editing a template). Every key must be registered: the
section builder (`reports.selectors.report_sections`) raises `UnregisteredMetric` on one that is
not, rather than leave a figure out without a word (`reports/tests/test_sections.py`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    keys: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    # The app whose records the section reads besides its metrics (None: metrics only).
    needs: str | None = None


KEY_FIGURES = Section(
    "key-figures",
    _("Key figures"),
    keys=(
        "network.members.total",
        "network.members.new",
        "network.associates.new",
        "finance.income.fees",
        "finance.income.grants",
        "finance.income.other",
        "finance.income.total",
        "finance.income.grants_share",
        "finance.income.fees_share",
        "finance.agreements.funding",
    ),
)
MEMBERSHIP = Section(
    "membership",
    _("Membership review"),
    keys=("network.members.full", "network.members.associate", "finance.agreements.total"),
)
PROGRAMS = Section(
    "programs",
    _("Programs: Solutions Labs and the International Fund"),
    keys=(
        "programs.labs.count",
        "programs.labs.member_cities",
        "programs.participants.total",
        "programs.participants.women_share",
        "programs.participants.men_share",
        "programs.satisfaction.mean",
        "calls.applications",
        "calls.selections",
        "fund.raised",
        "fund.committed",
        "fund.disbursed",
        "fund.grants",
    ),
    prefixes=("programs.", "calls.", "fund."),
)
EVENTS = Section(
    "events",
    _("Events and communications"),
    keys=(
        "events.events.total",
        "events.speakers.women_share",
        "comms.newsletter.issues",
        "comms.subscribers.confirmed",
    ),
    prefixes=("events.", "comms.", "projects."),
)
ACTIVITY = Section(
    "activity",
    _("Activity per action line"),
    # The year's records of each kind; the section's table splits them by action line
    # (mel.selectors.activity_by_action_line).
    keys=(
        "events.events.total",
        "fund.grants",
        "comms.publications",
        "programs.courses",
        "projects.projects",
    ),
)
GENDER = Section(
    "gender",
    _("Gender impact assessment"),
    keys=(
        "people.staff.total",
        "people.staff.women",
        "people.staff.men",
        "people.staff.in_kind",
        "programs.participants.women_share",
        "events.speakers.women_share",
        "network.board.members",
        "network.board.women",
    ),
)

SECTIONS = [KEY_FIGURES, MEMBERSHIP, PROGRAMS, EVENTS, ACTIVITY, GENDER]
