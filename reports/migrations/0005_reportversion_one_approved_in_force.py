"""At most one approved version in force per final report, enforced by the database."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_reportversion_backfill_and_earlier_approvals_replaced"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='reportversion',
            constraint=models.UniqueConstraint(condition=models.Q(('approved_at__isnull', False), ('replaced_at__isnull', True)), fields=('final_report',), name='reportversion_one_in_force'),
        ),
        migrations.AddConstraint(
            model_name='reportversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('replaced_at__isnull', True), ('replaced_by__isnull', True)), models.Q(('approved_at__isnull', False), ('replaced_at__isnull', False), ('replaced_by__isnull', False)), _connector='OR'), name='reportversion_replaced_when_approved'),
        ),
    ]
