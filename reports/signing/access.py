"""Who may see and do what with the signed files. Views call one of these first."""

from django.http import Http404

from frontwork.accounts.permissions import require
from reports.final.access import get_report_version_for
from reports.signing.models import IssuedFile, SigningJob


def get_issued_file_for(user, version_pk, kind):
    """An issued file of a version `user` may download (approved versions: everyone who sees the
    conference, as for the version itself); 404 until it exists."""
    version = get_report_version_for(user, version_pk)
    issued = (
        IssuedFile.objects.filter(version=version, kind=kind)
        .select_related("version__final_report__conference")
        .first()
    )
    if issued is None:
        raise Http404
    return issued


def get_signing_job_for(user, version_pk, *, retry=False):
    version = get_report_version_for(user, version_pk)
    job = (
        SigningJob.objects.filter(version=version).select_related("version__final_report__conference").first()
    )
    if job is None:
        raise Http404
    if retry:
        require(user, "report.approve", version.final_report.conference)
    return job
