"""Administrators of a committee are no superusers: they manage their committee's subtree only
(frontwork.accounts.admin). Users with the administrator role and a unit, made superusers by
earlier versions of the demo data, lose the flag; a superuser created on the command line
(`createsuperuser`: no unit) keeps it and manages the whole tree."""

from django.db import migrations


def forward(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_superuser=True, role="admin", unit__isnull=False).update(
        is_superuser=False, is_staff=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_unit_committee"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
