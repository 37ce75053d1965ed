"""Indicators I2.6 and I4.2 were loaded naming metrics no app registers (`fund.grants.count`,
`comms.newsletter.subscribers`) and showed "not available" forever: point them at the registered
keys. Only a row still naming the old key is changed, so a key the policy team set stays."""

from django.db import migrations

RENAMED = {"fund.grants.count": "fund.grants", "comms.newsletter.subscribers": "comms.subscribers.confirmed"}


def rename(apps, schema_editor):
    Indicator = apps.get_model("mel", "Indicator")
    for old, new in RENAMED.items():
        Indicator.objects.filter(metric_key=old).update(metric_key=new)


def restore(apps, schema_editor):
    Indicator = apps.get_model("mel", "Indicator")
    for old, new in RENAMED.items():
        Indicator.objects.filter(metric_key=new, code__in=("I2.6", "I4.2")).update(metric_key=old)


class Migration(migrations.Migration):
    dependencies = [("mel", "0001_initial")]

    operations = [migrations.RunPython(rename, restore)]
