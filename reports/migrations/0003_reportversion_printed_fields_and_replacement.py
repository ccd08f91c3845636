"""What each PDF version prints where approval needs it, and which approved version was replaced."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0002_final_report'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='reportversion',
            name='doc_code',
            field=models.CharField(blank=True, max_length=60, verbose_name='ký hiệu'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='doc_number',
            field=models.CharField(blank=True, max_length=20, verbose_name='số'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='issued_on',
            field=models.DateField(blank=True, null=True, verbose_name='ngày ban hành'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='place_name',
            field=models.CharField(blank=True, max_length=100, verbose_name='địa danh'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='replaced_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='thời điểm bị thay thế'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='replaced_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='replaces', to='reports.reportversion', verbose_name='thay thế bằng'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='signer_name',
            field=models.CharField(blank=True, max_length=100, verbose_name='họ tên người ký'),
        ),
        migrations.AddField(
            model_name='reportversion',
            name='signer_title',
            field=models.CharField(blank=True, max_length=100, verbose_name='chức vụ người ký'),
        ),
    ]
