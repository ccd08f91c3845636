from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from conferences.access import conferences_visible_to, get_conference_for
from reports.composition import compose, conference_with_record

HOME_TEMPLATES = {
    "staff": "reports/home_staff.html",
    "office": "reports/home_office.html",
    "leader": "reports/home_leader.html",
    "admin": "reports/home_admin.html",
}


@login_required
def home(request):
    """The home page of each role."""
    user = request.user
    role = "admin" if user.is_administrator else user.role
    recent = conferences_visible_to(user).select_related("host_unit")[:5]
    return render(request, HOME_TEMPLATES[role], {"recent_conferences": recent})


@login_required
def record(request, pk):
    """The conference record, read like the report."""
    conference = get_conference_for(request.user, pk)
    composition = compose(conference_with_record(conference.pk))
    return render(request, "reports/record.html", {"conference": conference, "report": composition})
