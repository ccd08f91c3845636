"""Writes of the reports app: drafts and comment rounds (drafts.py), the final report and its
renders (final_report.py). Callers use `from reports import services; services.<name>(...)`."""

from reports.services.drafts import *  # noqa: F403
from reports.services.final_report import *  # noqa: F403
