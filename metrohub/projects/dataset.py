"""The 2024 partnership projects from the annual report (`metrohub/datasets/2024/projects-*.csv`),
loaded through the services. Idempotent: a project already on record is left as it is, with
everything that belongs to it."""

import re
from decimal import Decimal

from metrohub.core.datasets import cite, read_rows
from metrohub.core.models import ActionLine
from metrohub.core.permissions import SYSTEM
from metrohub.network.services import organisation_find
from metrohub.projects import services
from metrohub.projects.models import Project


def _organisation(name: str):
    if not name:
        return None
    found = organisation_find(name)
    if found is None:
        raise ValueError(f"projects dataset: “{name}” is not in the registry.")
    return found


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _single_action_line(tags: str) -> ActionLine | None:
    """The action line of a project whose page the report tags with one ("AL 4"); a page tagged
    with several ("AL 2 · AL 4 · AL 5") names no one of them as the project's, so it stays blank."""
    codes = re.findall(r"AL\s*(\d)", tags)
    return ActionLine.objects.get(code=f"AL{codes[0]}") if len(codes) == 1 else None


def load(year: int, document: str, report) -> None:
    created: dict[str, Project] = {}
    for row in read_rows(year, "projects-projects.csv"):
        if Project.objects.filter(slug=row["slug"]).exists():
            continue
        created[row["slug"]] = services.project_create(
            actor=SYSTEM,
            acronym=row["acronym"],
            name=row["name"],
            summary=row["summary"],
            city=_organisation(row["city"]),
            status=row["status"],
            started_in=int(row["started_in"]) if row["started_in"] else None,
            action_lines=row["action_lines"],
            action_line=_single_action_line(row["action_lines"]),
            source=cite(document, row["section"]),
        )
        report.count("projects")

    def rows(name):
        for row in read_rows(year, name):
            if row.get("project") in created:
                yield created[row["project"]], row, cite(document, row["section"])

    for project, row, source in rows("projects-pillars.csv"):
        services.pillar_add(actor=SYSTEM, project=project, title=row["title"], source=source)
    for project, row, source in rows("projects-partners.csv"):
        services.partner_add(
            actor=SYSTEM,
            project=project,
            name=row["name"],
            role=row["role"],
            organisation=_organisation(row["organisation"]),
            source=source,
        )
    for project, row, source in rows("projects-places.csv"):
        services.place_add(
            actor=SYSTEM, project=project, name=row["name"], city=_organisation(row["city"]), source=source
        )
    for project, row, source in rows("projects-milestones.csv"):
        services.milestone_add(
            actor=SYSTEM,
            project=project,
            title=row["title"],
            status=row["status"],
            year=int(row["year"]),
            when=row["when"],
            source=source,
        )
        report.count("project milestones")
    for project, row, source in rows("projects-figures.csv"):
        services.figure_record(
            actor=SYSTEM,
            project=project,
            label=row["label"],
            unit=row["unit"],
            period=int(row["period"]),
            target=_decimal(row["target"]),
            achieved=_decimal(row["achieved"]),
            source=source,
        )
    boards = {}
    for project, row, source in rows("projects-boards.csv"):
        boards[row["board"]] = services.board_create(
            actor=SYSTEM, project=project, name=row["board"], description=row["description"], source=source
        )
    for row in read_rows(year, "projects-board-members.csv"):
        if row["board"] in boards:
            services.board_member_add(
                actor=SYSTEM,
                board=boards[row["board"]],
                name=row["name"],
                organisation=_organisation(row["organisation"]),
                source=cite(document, row["section"]),
            )
    for row in read_rows(year, "projects-board-meetings.csv"):
        if row["board"] in boards:
            for _ in range(int(row["count"])):  # the report counts meetings; it gives no dates
                services.board_meeting_add(
                    actor=SYSTEM,
                    board=boards[row["board"]],
                    year=int(row["year"]),
                    mode=row["mode"],
                    status=row["status"],
                    source=cite(document, row["section"]),
                )
