"""TOTP secrets and recovery-code seeds written before they were encrypted at rest are encrypted
now, under METROHUB_FIELD_KEY (metrohub.accounts.mfa). Rows already encrypted are left alone. Going
back decrypts them again."""

from django.db import migrations

FIELDS = {"totp": ["secret"], "recovery_codes": ["seed", "migrated_codes"]}


def _convert(apps, encrypted: bool):
    from metrohub.accounts.mfa import fernet, is_encrypted

    Authenticator = apps.get_model("mfa", "Authenticator")
    box = fernet()

    def convert(value: str) -> str:
        if is_encrypted(value) == encrypted:
            return value
        return box.encrypt(value.encode()).decode() if encrypted else box.decrypt(value.encode()).decode()

    for authenticator in Authenticator.objects.filter(type__in=FIELDS):
        data = dict(authenticator.data)
        for name in FIELDS[authenticator.type]:
            value = data.get(name)
            if isinstance(value, str):
                data[name] = convert(value)
            elif isinstance(value, list):
                data[name] = [convert(item) for item in value]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt(apps, schema_editor):
    _convert(apps, encrypted=True)


def decrypt(apps, schema_editor):
    _convert(apps, encrypted=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_cache_table"), ("mfa", "0003_authenticator_type_uniq")]

    operations = [migrations.RunPython(encrypt, decrypt)]
