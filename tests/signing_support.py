"""Helpers of the signing tests: an approved version of the demo report, rendered in process."""

import io

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from frontwork.accounts.models import User
from reports.final import rendering, services
from reports.signing import keys
from reports.signing.models import SigningIdentity


def fill_for_approval(report):
    """What approval needs printed: number, place, date (the report has one) and signer."""
    staff = User.objects.get(username="canbo")
    return services.final_report_update(
        report=report, user=staff, number="12", place_name="Cao Bằng", signer_name="Lê Văn Minh"
    )


def approved_version(conference, leader, *, capture):
    report = fill_for_approval(services.final_report_get_or_create(conference=conference))
    job = services.final_report_request(report=report)
    version = rendering.render_job_run(job_id=job.pk)
    with capture(execute=True):
        services.report_version_approve(version=version, user=leader)
    version.refresh_from_db()
    return version


def demo_validation_context(conference):
    identity = SigningIdentity.objects.get(unit=conference.host_unit)
    return ValidationContext(trust_roots=keys.trust_roots(identity), allow_fetching=False)


def signature_statuses(content, context):
    reader = PdfFileReader(io.BytesIO(content))
    return [(sig, validate_pdf_signature(sig, context)) for sig in reader.embedded_signatures]
