"""Signals of the final report, for the concerns of reports that build on it without it knowing
them (reports/signing listens to `version_approved`)."""

from django.dispatch import Signal

# Sent once a version's approval has committed: kwargs `version` (the approved ReportVersion).
version_approved = Signal()
