from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("conferences", "0005_kinds_split"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ('briefing', 'public_opinion', 'cluster')), ('period__in', ['month', 'quarter', 'half_year', 'year'])), models.Q(models.Q(('kind__in', ('briefing', 'public_opinion', 'cluster')), _negated=True), ('period', '')), _connector='OR'), name='conference_period_per_kind'),
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('period', 'month'), ('period_number__isnull', False), ('period_number__gte', 1), ('period_number__lte', 12)), models.Q(('period', 'quarter'), ('period_number__isnull', False), ('period_number__gte', 1), ('period_number__lte', 4)), models.Q(('period', 'half_year'), ('period_number__isnull', False), ('period_number__gte', 1), ('period_number__lte', 2)), models.Q(('period__in', ['', 'year']), ('period_number__isnull', True)), _connector='OR'), name='conference_period_number_range'),
        ),
    ]
