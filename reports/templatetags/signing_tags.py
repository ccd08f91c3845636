from django import template

from frontwork.accounts.permissions import can
from reports.signing import selectors

register = template.Library()


@register.inclusion_tag("signing/includes/signed_copy.html", takes_context=True)
def signed_copy(context, version):
    """Under an approved version: its signed original and archival copy, or why signing failed
    (with a retry button for leadership)."""
    user = context["request"].user
    job, files = selectors.signing_state(version)
    return {
        "version": version,
        "job": job,
        "signed": files.get("signed"),
        "archival": files.get("archival"),
        "can_retry": can(user, "report.approve", version.final_report.conference),
        "csrf_token": context.get("csrf_token"),
    }
