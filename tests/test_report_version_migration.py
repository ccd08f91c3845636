"""Migrations reports 0003–0005 on a database where several versions of one report were approved:
the newest approved one stays in force, each earlier one is marked replaced by the next, and the
versions of the report's current revision learn what they print."""

import datetime

import pytest
from django.utils import timezone

from reports.final import services
from tests.factories import ConferenceFactory
from tests.migrations_support import back_to, forward

BEFORE = [("reports", "0002_final_report")]


@pytest.fixture
def old_versions(transactional_db, users):
    """A report with three approved versions and one not approved, stored before the migrations."""
    conference = ConferenceFactory(host_unit=users["leader"].unit)
    report = services.final_report_get_or_create(conference=conference)
    services.final_report_update(
        report=report, user=users["staff"], number="12", place_name="Cao Bằng", signer_name="Lê Văn Minh"
    )
    ReportVersion = back_to(*BEFORE[0]).get_model("reports", "ReportVersion")
    start = timezone.now()
    for number in range(1, 5):
        ReportVersion.objects.create(
            final_report_id=report.pk,
            number=number,
            file=f"reports/final/{report.pk}/v{number}.pdf",
            sha256=f"{number:064x}",
            size=10,
            report_revision=1 if number < 4 else 2,
            approved_by_id=users["leader"].pk if number < 4 else None,
            approved_at=start + datetime.timedelta(minutes=number) if number < 4 else None,
        )
    yield report
    forward()


def test_earlier_approvals_are_marked_replaced_and_current_versions_backfilled(old_versions):
    forward()
    from reports.models import ReportVersion

    versions = {v.number: v for v in ReportVersion.objects.filter(final_report=old_versions)}
    assert [n for n, v in versions.items() if v.is_in_force] == [3]
    assert versions[1].replaced_by == versions[2] and versions[1].replaced_at == versions[2].approved_at
    assert versions[2].replaced_by == versions[3] and not versions[4].is_approved
    current = versions[4]  # rendered from the report's current revision (2)
    assert (current.doc_number, current.place_name, current.signer_name) == ("12", "Cao Bằng", "Lê Văn Minh")
    assert current.issued_on == old_versions.date and versions[1].doc_number == ""
