from django.db import migrations

# The six regions of the 2024 annual report (Annexes — Metropolis Membership).
REGIONS = [
    ("africa", "Africa"),
    ("eurasia-middle-east", "Eurasia & Middle East"),
    ("asia", "Asia"),
    ("europe", "Europe"),
    ("latin-america-caribbean", "Latin America & the Caribbean"),
    ("north-america", "North America"),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("core", "Region")
    for order, (code, name) in enumerate(REGIONS):
        Region.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
