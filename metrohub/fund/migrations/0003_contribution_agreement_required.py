# Every contribution now has its agreement (0002 tied each one): the tie becomes required.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0002_contribution_is_an_agreements_money"),
    ]

    operations = [
        migrations.AlterField(
            model_name="contribution",
            name="agreement",
            field=models.OneToOneField(
                help_text="The agreement whose money this is.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fund_contribution",
                to="finance.agreement",
                verbose_name="agreement",
            ),
        ),
    ]
