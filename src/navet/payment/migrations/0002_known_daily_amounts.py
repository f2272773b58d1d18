"""The two amounts per day the sources confirm (research/processes.md §1.5); every other year is
entered by the admin — none is guessed here."""

from decimal import Decimal

from django.db import migrations

KNOWN = [
    (2019, Decimal("7800"), "HSLF-FS 2018:67"),
    (2022, Decimal("9300"), "Socialstyrelsen, belopp för 2022 (förordning 2017:617)"),
]


def add(apps, schema_editor):
    DailyAmount = apps.get_model("payment", "DailyAmount")
    for year, amount, source in KNOWN:
        DailyAmount.objects.get_or_create(
            year=year, defaults={"amount": amount, "source": source, "entered_by": "Navet"}
        )


def remove(apps, schema_editor):
    apps.get_model("payment", "DailyAmount").objects.filter(
        year__in=[year for year, _, _ in KNOWN], entered_by="Navet"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("payment", "0001_rule_sets_and_amounts")]
    operations = [migrations.RunPython(add, remove)]
