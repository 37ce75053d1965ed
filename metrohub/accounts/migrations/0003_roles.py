from django.db import migrations

ROLES = [
    "admin",
    "membership",
    "programs",
    "policy",
    "communications",
    "finance",
    "hr",
    "reviewer",
    "focal_point",
]


def add_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(add_role_groups, migrations.RunPython.noop)]
