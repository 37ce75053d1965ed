"""The database cache's table (settings.CACHES without REDIS_URL), made wherever `migrate` runs, so
that no deployment step is forgotten: django-allauth's rate limits live there, shared by every
gunicorn worker. Nothing to do with Redis or an in-memory cache; `createcachetable` is idempotent
(run it by hand after switching an already migrated site from Redis to the database cache)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_roles")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
