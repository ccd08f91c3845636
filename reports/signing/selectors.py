"""Reads of the signing concern used in more than one place."""

from reports.signing.models import IssuedFile, SigningJob


def signing_state(version):
    """(signing job or None, {kind: IssuedFile}) of a version."""
    job = SigningJob.objects.filter(version=version).first()
    files = {f.kind: f for f in IssuedFile.objects.filter(version=version)} if job else {}
    return job, files
