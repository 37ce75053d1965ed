"""The network's action lines and thematic priorities, seeded from the one list of codes and
names in `metrohub.core.models`: `ActionLines`, named as the 2024 annual report's contents page of
action lines prints them (the page after "Key Figures from 2024"), and `Priorities`, as listed in
"Knowledge Exchange — Launch of Solution Labs"."""

from django.db import migrations, models
from django.utils.translation import override

from metrohub.core.models import ActionLines, Priorities


def seed(apps, schema_editor):
    ActionLine = apps.get_model("core", "ActionLine")
    ThematicPriority = apps.get_model("core", "ThematicPriority")
    with override(None):  # names are stored in English and translated when shown
        for order, (code, name) in enumerate(ActionLines.choices, start=1):
            ActionLine.objects.update_or_create(code=code, defaults={"name": str(name), "order": order})
        for order, (code, name) in enumerate(Priorities.choices, start=1):
            ThematicPriority.objects.update_or_create(code=code, defaults={"name": str(name), "order": order})


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_regions"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionLine",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("AL1", "The Power of the Network: Membership and Institutional Relations"),
                            ("AL2", "Resources for Members: Programs"),
                            ("AL3", "Shaping the Global Environment: Policy"),
                            ("AL4", "Communication"),
                            ("AL5", "Living Our Shared Values"),
                        ],
                        max_length=4,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "action line",
                "verbose_name_plural": "action lines",
                "ordering": ["order", "code"],
            },
        ),
        migrations.CreateModel(
            name="ThematicPriority",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.SlugField(
                        choices=[
                            ("metropolitan-futures", "Metropolitan Futures"),
                            ("metropolitan-ecosystems", "Metropolitan Ecosystems"),
                            ("social-cohesion", "Social Cohesion"),
                            ("metropolitan-institutions", "Metropolitan Institutions"),
                            ("gender-equality", "Gender Equality"),
                        ],
                        max_length=40,
                        unique=True,
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                ("order", models.PositiveSmallIntegerField(default=0, verbose_name="order")),
            ],
            options={
                "verbose_name": "thematic priority",
                "verbose_name_plural": "thematic priorities",
                "ordering": ["order", "code"],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
