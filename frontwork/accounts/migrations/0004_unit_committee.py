"""Every unit knows the Front committee it belongs to: itself for a committee, else its nearest
committee ancestor (None outside any committee). Unit.save() and bulk_create_tree keep it from
now on; existing rows get it here."""

import django.db.models.deletion
import frontwork.accounts.models
from django.db import migrations, models

COMMITTEE_KINDS = ("central", "provincial_committee", "district_committee", "commune_committee")


def set_committees(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    rows = Unit.objects.values_list("pk", "parent_id", "kind", "path")
    committee_of = {}
    changed = []
    # Parents come before their children in the order of path depth.
    for pk, parent_id, kind, path in sorted(rows, key=lambda row: row[3].count("/")):
        committee = pk if kind in COMMITTEE_KINDS else committee_of.get(parent_id)
        committee_of[pk] = committee
        changed.append(Unit(pk=pk, committee_id=committee))
    Unit.objects.bulk_update(changed, ["committee"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_authorities_in_their_area'),
    ]

    operations = [
        migrations.AlterModelManagers(
            name='user',
            managers=[
                ('objects', frontwork.accounts.models.FrontUserManager()),
            ],
        ),
        migrations.AddField(
            model_name='unit',
            name='committee',
            field=models.ForeignKey(editable=False, help_text='Ủy ban Mặt trận mà đơn vị thuộc về (chính nó nếu là một ủy ban).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.unit', verbose_name='thuộc ủy ban Mặt trận'),
        ),
        migrations.AlterField(
            model_name='user',
            name='role',
            field=models.CharField(choices=[('staff', 'Cán bộ cơ quan Mặt trận'), ('office', 'Cán bộ đơn vị (góp ý, báo cáo)'), ('leader', 'Lãnh đạo'), ('admin', 'Quản trị viên')], default='office', max_length=16, verbose_name='vai trò'),
        ),
        migrations.RunPython(set_committees, migrations.RunPython.noop),
    ]
