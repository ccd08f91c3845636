"""The home page of each role: recent conferences, open comment rounds, reports waiting for
approval, directives to report on (it sits above every other part of the site)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from conferences.access import conferences_visible_to
from frontwork.accounts.models import User
from frontwork.accounts.permissions import role_of
from recommendations.selectors import open_directives_summary

HOME_TEMPLATES = {
    User.Role.STAFF: "reports/home_staff.html",
    User.Role.OFFICE: "reports/home_office.html",
    User.Role.LEADER: "reports/home_leader.html",
    User.Role.ADMIN: "reports/home_admin.html",
}


@login_required
def home(request):
    """The home page of each role."""
    user = request.user
    role = role_of(user)
    recent = conferences_visible_to(user).select_related("host_unit__committee")[:5]
    context = {"recent_conferences": list(recent)}  # read by two parts of the page: one query
    if role == User.Role.OFFICE:
        context["directives"] = open_directives_summary(user)
    return render(request, HOME_TEMPLATES[role], context)
