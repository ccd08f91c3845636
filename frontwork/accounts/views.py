from django.shortcuts import render
from django.utils import timezone

from frontwork.accounts.selectors import login_pause_minutes, login_retry_at


def login_locked(request, original_response=None, credentials=None):
    """The page for a paused login (AXES_LOCKOUT_CALLABLE): how long, and from when to try again."""
    retry_at = login_retry_at(request)
    context = {"minutes": login_pause_minutes(), "retry_at": retry_at}
    response = render(request, "registration/locked.html", context, status=429)
    response["Retry-After"] = str(max(0, round((retry_at - timezone.now()).total_seconds())))
    return response
