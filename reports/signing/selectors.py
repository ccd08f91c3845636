"""Reads of the signing concern used in more than one place."""

from reports.signing.models import IssuedFile, SigningJob


def signing_states(final_report_id):
    """{version id: (signing job, {kind: IssuedFile})} for every signed version of a final report,
    in two queries."""
    jobs = SigningJob.objects.filter(version__final_report_id=final_report_id)
    states = {job.version_id: (job, {}) for job in jobs}
    for issued in IssuedFile.objects.filter(version__final_report_id=final_report_id):
        if issued.version_id in states:
            states[issued.version_id][1][issued.kind] = issued
    return states
