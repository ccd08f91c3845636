from django.db import migrations

# The kinds before this migration named the period; now the kind says what the conference is and
# `period` how often it is held (reports/records keeps the same map for files of format version 1).
OLD_KINDS = {
    "monthly": ("briefing", "month"),
    "quarterly": ("briefing", "quarter"),
    "six_month": ("briefing", "half_year"),
    "annual": ("briefing", "year"),
    "ad_hoc": ("thematic", ""),
}


def split_kinds(apps, schema_editor):
    for name in ("Conference", "HistoricalConference"):
        model = apps.get_model("conferences", name)
        for old, (kind, period) in OLD_KINDS.items():
            model.objects.filter(kind=old).update(kind=kind, period=period)
        # a year has no number; a thematic conference no period (old rows could hold one)
        model.objects.filter(period__in=["", "year"]).update(period_number=None)


def join_kinds(apps, schema_editor):
    back = {new: old for old, new in OLD_KINDS.items()}
    for name in ("Conference", "HistoricalConference"):
        model = apps.get_model("conferences", name)
        for (kind, period), old in back.items():
            model.objects.filter(kind=kind, period=period).update(kind=old)
        # kinds the old model lacked: the nearest old kind
        model.objects.filter(kind__in=["briefing", "public_opinion", "cluster"]).update(kind="monthly")
        model.objects.filter(kind__in=["peoples", "thematic"]).update(kind="ad_hoc")


class Migration(migrations.Migration):

    dependencies = [
        ("conferences", "0004_kinds_periods_co_hosts"),
    ]

    operations = [
        migrations.RunPython(split_kinds, join_kinds),
    ]
