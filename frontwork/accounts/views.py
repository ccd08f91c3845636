from django.shortcuts import render

from frontwork.accounts.selectors import login_pause_minutes, login_retry_at


def login_locked(request, original_response=None, credentials=None):
    """The page for a paused login (AXES_LOCKOUT_CALLABLE): how long, and from when to try again."""
    context = {"minutes": login_pause_minutes(), "retry_at": login_retry_at(request)}
    return render(request, "registration/locked.html", context, status=429)
