"""Attachments stored under the old, guessable path (calls/<call>/<application>/<file name>) move to
random names; the uploader's file name stays in `Attachment.name`. A file missing from the storage
is left as it is (its download answers 404, as before)."""

from django.db import migrations


def give_private_names(apps, schema_editor):
    from metrohub.core.files import give_private_names as move

    Attachment = apps.get_model("calls", "Attachment")
    move(Attachment.objects.using(schema_editor.connection.alias).iterator(), field="file", prefix="calls")


class Migration(migrations.Migration):
    dependencies = [("calls", "0002_initial")]

    operations = [migrations.RunPython(give_private_names, migrations.RunPython.noop, elidable=True)]
