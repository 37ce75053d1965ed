"""The network's thematic priorities and action lines, as the 2024 annual report names them
("Knowledge Exchange — Launch of Solution Labs" for the priorities; the action lines' headings
on the report's contents page, AL1 to AL5 in the order printed)."""

from django.db import migrations

PRIORITIES = [
    ("futures", "Metropolitan Futures"),
    ("ecosystems", "Metropolitan Ecosystems"),
    ("cohesion", "Social Cohesion"),
    ("institutions", "Metropolitan Institutions"),
    ("gender", "Gender Equality"),
]
ACTION_LINES = [
    ("AL1", "The Power of the Network: Membership and Institutional Relations"),
    ("AL2", "Resources for Members: Programs"),
    ("AL3", "Shaping the Global Environment: Policy"),
    ("AL4", "Communication"),
    ("AL5", "Living Our Shared Values"),
]


def add(apps, schema_editor):
    ThematicPriority = apps.get_model("programs", "ThematicPriority")
    ActionLine = apps.get_model("programs", "ActionLine")
    for order, (code, name) in enumerate(PRIORITIES, start=1):
        ThematicPriority.objects.update_or_create(code=code, defaults={"name": name, "order": order})
    for order, (code, name) in enumerate(ACTION_LINES, start=1):
        ActionLine.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
