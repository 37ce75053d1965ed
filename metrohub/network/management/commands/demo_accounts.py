from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from metrohub.accounts.demo_accounts import ACCOUNTS, PASSWORD
from metrohub.accounts.roles import Role
from metrohub.accounts.services import demo_account_ensure
from metrohub.core.permissions import SYSTEM
from metrohub.network.services import organisation_find


class Command(BaseCommand):
    help = "Create one demo account per role (password metrohub-demo). Only under demo settings."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.METROHUB_DEMO:
            raise CommandError(
                "Demo accounts exist only under demo settings (METROHUB_DEMO=1); refused here."
            )
        for username, role, organisation_name in ACCOUNTS:
            organisation = organisation_find(organisation_name) if organisation_name else None
            if organisation_name and organisation is None:
                raise CommandError(
                    f"{organisation_name} is not in the registry: run load_dataset 2024 first."
                )
            demo_account_ensure(
                actor=SYSTEM, username=username, role=role, organisation=organisation, password=PASSWORD
            )
        self.stdout.write(self.style.SUCCESS("Demo accounts (password: metrohub-demo):"))
        for username, role, organisation_name in ACCOUNTS:
            where = f" — focal point of {organisation_name}" if organisation_name else ""
            self.stdout.write(f"  {username:<16} {Role(role).label}{where}")
