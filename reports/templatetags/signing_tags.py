from django import template

from frontwork.accounts.permissions import can
from reports.signing import selectors

register = template.Library()


def _states(context, final_report_id):
    cache = context.render_context.setdefault("signing_states", {})
    if final_report_id not in cache:
        cache[final_report_id] = selectors.signing_states(final_report_id)
    return cache[final_report_id]


@register.simple_tag(takes_context=True)
def signing_states_load(context, report):
    """Read the signing state of every version of `report` once, before its versions are listed
    (the same queries whatever the versions are; the page asks none without a version)."""
    if report is not None:
        _states(context, report.pk)
    return ""


@register.inclusion_tag("signing/includes/signed_copy.html", takes_context=True)
def signed_copy(context, version):
    """Under an approved version: its signed original and archival copy, or why signing failed
    (with a retry button for leadership). The signing state of every version of the report is
    read once per page."""
    job, files = _states(context, version.final_report_id).get(version.pk, (None, {}))
    conference = context.get("conference") or version.final_report.conference
    return {
        "version": version,
        "job": job,
        "signed": files.get("signed"),
        "archival": files.get("archival"),
        "can_retry": job is not None
        and job.status == job.Status.FAILED
        and can(context["request"].user, "report.approve", conference),
        "csrf_token": context.get("csrf_token"),
    }
