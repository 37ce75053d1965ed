"""The 2024 programs data: the ten Solutions Labs, the sessions the report places, the training
institutes (MITIs) and the Diploma's editions. Each record cites its report section.

The report gives no participant, cohort or survey answer: its aggregates (39 active member
cities, 54% women, 46% men) are declared figures (`declared-programs.csv`), not invented rows.
Idempotent: a record already present is left as it is.
"""

from metrohub.core.datasets import cite, read_rows
from metrohub.core.models import ActionLine, ThematicPriority
from metrohub.core.permissions import SYSTEM
from metrohub.network.services import organisation_find
from metrohub.programs import services
from metrohub.programs.models import (
    Course,
    CourseEdition,
    Lab,
    Session,
    TrainingInstitute,
)


def _codes(value: str) -> list[str]:
    return [code for code in value.split("|") if code]


def load(year: int, document: str, report) -> None:
    priorities = {p.code: p for p in ThematicPriority.objects.all()}
    action_lines = {a.code: a for a in ActionLine.objects.all()}
    for row in read_rows(year, "programs-labs.csv"):
        if Lab.objects.filter(title=row["title"], year=int(row["year"])).exists():
            continue
        services.lab_create(
            actor=SYSTEM,
            title=row["title"],
            year=int(row["year"]),
            priorities=[priorities[code] for code in _codes(row["priorities"])],
            action_lines=[action_lines[code] for code in _codes(row["action_lines"])],
            description=row["description"],
            source=cite(document, row["section"]),
        )
        report.count("labs")

    for row in read_rows(year, "programs-sessions.csv"):
        lab = Lab.objects.get(title=row["lab"], year=int(row["year"]))
        if Session.objects.filter(lab=lab, mode=row["mode"], place=row["place"], synthetic=False).exists():
            continue
        services.session_add(
            actor=SYSTEM,
            lab=lab,
            mode=row["mode"],
            title=row["title"],
            place=row["place"],
            date=row["date"] or None,
            source=cite(document, row["section"]),
        )
        report.count("lab sessions")

    for row in read_rows(year, "programs-institutes.csv"):
        if TrainingInstitute.objects.filter(name=row["name"]).exists():
            continue
        host = organisation_find(row["host"])
        services.institute_create(
            actor=SYSTEM,
            name=row["name"],
            host=host,
            host_name="" if host else row["host"],
            description=row["description"],
            source=cite(document, row["section"]),
        )
        report.count("training institutes")

    for row in read_rows(year, "programs-courses.csv"):
        if Course.objects.filter(title=row["title"]).exists():
            continue
        services.course_create(
            actor=SYSTEM,
            title=row["title"],
            institute=TrainingInstitute.objects.filter(name=row["institute"]).first()
            if row["institute"]
            else None,
            description=row["description"],
            source=cite(document, row["section"]),
        )
        report.count("courses")

    for row in read_rows(year, "programs-course-editions.csv"):
        course = Course.objects.get(title=row["course"])
        if CourseEdition.objects.filter(course=course, number=int(row["number"])).exists():
            continue
        services.course_edition_add(
            actor=SYSTEM,
            course=course,
            number=int(row["number"]),
            year=int(row["year"]),
            month=int(row["month"]) if row["month"] else None,
            place=row["place"],
            enrolment=int(row["enrolment"]) if row["enrolment"] else None,
            attendance=int(row["attendance"]) if row["attendance"] else None,
            attendance_note=row["attendance_note"],
            source=cite(document, row["section"]),
        )
        report.count("course editions")
