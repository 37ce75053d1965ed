"""A fund's contribution becomes an agreement's money earmarked for the fund.

Each contribution is tied to its donor's funding agreement of the same amount and currency (the
2024 data recorded the Fund's €700,000 from SDC both as a contribution and as an agreement), or,
when there is none, to an agreement made for it. What a contribution said was received moves to
the income ledger, as a line under that agreement (unless the agreement's lines already hold it),
so the money is recorded once. Backwards, the contributions take their received money from the
ledger again. Nothing is lost either way."""

import datetime as dt
from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum

GRANT_KINDS = ("funding", "award")


def _agreement_for(apps, contribution):
    Agreement = apps.get_model("finance", "Agreement")
    candidates = Agreement.objects.filter(
        partner_id=contribution.donor_id,
        kind__in=GRANT_KINDS,
        amount=contribution.pledged,
        currency=contribution.currency,
        fund_contribution__isnull=True,
    ).order_by("pk")
    found = candidates.filter(year=contribution.year).first() or candidates.first()
    if found is not None:
        return found
    title = f"Contribution to {contribution.fund.name}"
    if Agreement.objects.filter(partner_id=contribution.donor_id, title=title).exists():
        title = f"{title} ({contribution.year}, #{contribution.pk})"
    return Agreement.objects.create(
        partner_id=contribution.donor_id,
        kind="funding",
        title=title[:300],
        year=contribution.year,
        amount=contribution.pledged,
        currency=contribution.currency,
        recurrence="once",
        start=contribution.pledged_on,
        source=(contribution.source or "The fund's contribution record")[:300],
    )


def forward(apps, schema_editor):
    Contribution = apps.get_model("fund", "Contribution")
    IncomeLine = apps.get_model("finance", "IncomeLine")
    for contribution in Contribution.objects.select_related("fund").order_by("pk"):
        agreement = _agreement_for(apps, contribution)
        contribution.agreement = agreement
        contribution.save(update_fields=["agreement"])
        if not contribution.received:
            continue
        in_ledger = IncomeLine.objects.filter(agreement=agreement).aggregate(t=Sum("amount_eur"))["t"] or 0
        missing = contribution.received_eur - in_ledger
        if missing > 0:
            IncomeLine.objects.create(
                date=contribution.received_on or dt.date(contribution.year, 12, 31),
                source="grants",
                amount_eur=missing,
                amount=contribution.received if not in_ledger else None,
                currency=contribution.currency if not in_ledger else "",
                agreement=agreement,
                description=f"Received, as the fund's contribution recorded it ({contribution.currency} "
                f"{contribution.received:,.2f})"[:300],
                synthetic=contribution.synthetic,
            )


def backward(apps, schema_editor):
    Contribution = apps.get_model("fund", "Contribution")
    IncomeLine = apps.get_model("finance", "IncomeLine")
    for contribution in Contribution.objects.exclude(agreement__isnull=True):
        lines = IncomeLine.objects.filter(agreement_id=contribution.agreement_id)
        totals = lines.aggregate(eur=Sum("amount_eur"), last=models.Max("date"))
        if not totals["eur"]:
            continue
        same_currency = lines.filter(currency=contribution.currency).aggregate(t=Sum("amount"))["t"]
        received = same_currency if same_currency is not None else totals["eur"]
        contribution.received = min(Decimal(received), contribution.pledged)
        contribution.received_eur = totals["eur"]
        contribution.received_on = totals["last"]
        contribution.save(update_fields=["received", "received_eur", "received_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0002_ledger_instalments_retirement_reminders"),
        ("fund", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="agreement",
            field=models.OneToOneField(
                help_text="The agreement whose money this is.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="fund_contribution",
                to="finance.agreement",
                verbose_name="agreement",
            ),
        ),
        migrations.AddField(
            model_name="historicalcontribution",
            name="agreement",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The agreement whose money this is.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="finance.agreement",
                verbose_name="agreement",
            ),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveConstraint(model_name="contribution", name="contribution_received_in_range"),
        migrations.RemoveField(model_name="contribution", name="received"),
        migrations.RemoveField(model_name="contribution", name="received_eur"),
        migrations.RemoveField(model_name="contribution", name="received_on"),
        migrations.RemoveField(model_name="historicalcontribution", name="received"),
        migrations.RemoveField(model_name="historicalcontribution", name="received_eur"),
        migrations.RemoveField(model_name="historicalcontribution", name="received_on"),
    ]
