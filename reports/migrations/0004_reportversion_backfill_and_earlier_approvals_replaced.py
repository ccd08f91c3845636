"""Existing versions: what they print (when rendered from the report's current revision, whose
fields are still the report's), and, where several versions of one report were approved, every
approved version but the newest is marked replaced by the next approved one (kept, downloadable)."""

from django.db import migrations


def forwards(apps, schema_editor):
    FinalReport = apps.get_model("reports", "FinalReport")
    LayoutSettings = apps.get_model("reports", "LayoutSettings")
    ReportVersion = apps.get_model("reports", "ReportVersion")
    layouts = dict(LayoutSettings.objects.values_list("unit_id", "place_name"))
    for report in FinalReport.objects.select_related("conference").iterator():
        ReportVersion.objects.filter(final_report=report, report_revision=report.revision).update(
            doc_number=report.number,
            doc_code=report.code,
            place_name=report.place_name or layouts.get(report.conference.host_unit_id, ""),
            issued_on=report.date,
            signer_title=report.signer_title,
            signer_name=report.signer_name,
        )
        approved = list(
            ReportVersion.objects.filter(final_report=report, approved_at__isnull=False).order_by("number")
        )
        for older, newer in zip(approved, approved[1:], strict=False):
            ReportVersion.objects.filter(pk=older.pk).update(
                replaced_at=newer.approved_at, replaced_by_id=newer.pk
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_reportversion_printed_fields_and_replacement"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
