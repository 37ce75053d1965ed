"""The 2024 secretariat from the annual report: the levels of its promotion system and its staff
(`metrohub/datasets/2024/staff.csv`), each citing the report's section. Idempotent: a level or a
staff member already present (by name) is left as it is."""

from metrohub.core.datasets import cite, read_rows
from metrohub.core.permissions import SYSTEM
from metrohub.people import services
from metrohub.people.models import Level, StaffMember

# The levels of the secretariat's promotion system, lowest first: (name, introduced in, section).
# The report names only the new level, Associate Officer; the others are the ranks its annex's
# position titles show (a classification, like `kind` for members). Their promotion criteria
# are not in the report: HR writes them in metrohub.
STAFF_ANNEX = "Annexes — Members of Secretariat General"
LEVELS = [
    ("Intern", None, STAFF_ANNEX),
    ("Assistant", None, STAFF_ANNEX),
    ("Associate Officer", 2024, "Updates to the Metropolis Workplace — New role"),
    ("Officer", None, STAFF_ANNEX),
    ("Head", None, STAFF_ANNEX),
    ("Director", None, STAFF_ANNEX),
    ("Secretary General", None, STAFF_ANNEX),
]


def load(year: int, document: str, report) -> None:
    rows = read_rows(year, "staff.csv")
    if not rows:
        return
    levels = {level.name: level for level in Level.objects.all()}
    for rank, (name, introduced_in, section) in enumerate(LEVELS, start=1):
        if name in levels:
            continue
        levels[name] = services.level_create(
            actor=SYSTEM,
            name=name,
            rank=max([rank, *(level.rank + 1 for level in levels.values())]),
            introduced_in=introduced_in,
            # The report names a new level; the others are read off the annex's position titles.
            source=cite(document, section) + ("" if introduced_in else " (position titles)"),
        )
        report.count("levels")
    for row in rows:
        if StaffMember.objects.filter(name=row["name"]).exists():
            continue
        outside = row["outside_headquarters"] == "yes"
        services.staff_create(
            actor=SYSTEM,
            name=row["name"],
            position=row["position"],
            level=levels[row["level"]] if row["level"] else None,
            outside_headquarters=True if outside else None,
            location_source=cite(document, row["location_section"]) if outside else "",
            source=cite(document, row["section"]),
        )
        report.count("staff")
