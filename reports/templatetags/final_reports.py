from django import template

from reports.final import selectors

register = template.Library()


@register.inclusion_tag("reports/includes/approvals_panel.html", takes_context=True)
def approvals_panel(context, limit=5):
    """The leadership home panel: the newest versions waiting for approval."""
    user = context["request"].user
    return {"awaiting_approval": list(selectors.versions_awaiting_approval(user)[:limit])}
