"""Reads about accounts: where a login stands with the throttle (django-axes, see settings)."""

import datetime

from axes.helpers import get_attempt_expiration, get_cool_off, get_failure_limit


def login_pause_minutes():
    """How long an (address, user name) pair waits after too many failed logins."""
    return round(get_cool_off().total_seconds() / 60)


def login_attempts_left(request, credentials):
    """Failed logins the pair of this request may still make before the pause, or None when the
    throttle did not count this attempt. Axes counts the pair whether or not the user name
    exists, so the number tells nothing about which names exist."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return None
    return max(get_failure_limit(request, credentials) - failures, 0)


def login_retry_at(request):
    """When the paused pair of this request may try again, rounded up to the minute shown.
    The pause runs from the latest failed attempt: this one (a failed attempt during the pause
    starts it again, AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    at = get_attempt_expiration(request)
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return at
