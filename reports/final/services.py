"""Writes of the final report (web side).

The path of a final report: `final_report_request` creates a RenderJob and, on commit, sends
`reports.tasks.render_final_report(job_id=…)` by that registered name, so that web processes never
import the renderer; the worker runs it (reports/final/rendering.py: claim, render, store, and the
sweep that sends lost or abandoned jobs again). RENDER_JOBS is how frontwork/jobs.py handles these
rows: sending, claims and leases, the sweep.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from conferences.composition import compose, conference_with_record
from frontwork.accounts.permissions import require
from frontwork.jobs import JobKind
from frontwork.storage import orphan_files_delete
from frontwork.text import nfc
from reports.final import selectors, signals
from reports.final.letterhead import default_code, default_recipients, default_signature
from reports.final.models import FinalReport, LayoutSettings, RenderJob, ReportVersion
from reports.final.selectors import layout_settings_for

# The worker's task (reports/final/tasks.py), under the name queued messages and beat use.
RENDER_TASK = "reports.tasks.render_final_report"

RENDER_JOBS = JobKind(
    RenderJob,
    task=RENDER_TASK,
    waiting=RenderJob.Status.QUEUED,
    running=RenderJob.Status.RENDERING,
    failed=RenderJob.Status.FAILED,
    lease_setting="REPORT_RENDER_LEASE_SECONDS",
    attempts_setting="REPORT_RENDER_MAX_ATTEMPTS",
    resend_setting="REPORT_RENDER_RESEND_SECONDS",
    reasons={
        "out_of_attempts": "Đã hết số lần thử mà chưa tạo được bản PDF.",
        "requeued": "Tiến trình tạo bản PDF bị dừng giữa chừng; đã xếp lại vào hàng đợi.",
        "died_too_often": "Tiến trình tạo bản PDF bị dừng nhiều lần; đã hết số lần thử.",
    },
    # The limits travel with the message (read when sent, so a changed setting applies at once).
    send_options=lambda: {
        "soft_time_limit": settings.REPORT_RENDER_SOFT_TIME_LIMIT,
        "time_limit": settings.REPORT_RENDER_TIME_LIMIT,
    },
)


def layout_settings_get_or_create(*, unit):
    """The layout of the reports `unit` issues; saved with Decree 30 defaults on first use. Its
    letterhead lines and place name stay empty, so that they follow the tree until someone sets them."""
    layout = layout_settings_for(unit)
    if layout.pk is None:
        layout, _ = LayoutSettings.objects.get_or_create(unit=unit)
    return layout


def final_report_defaults(conference, composition=None):
    """What a new report starts with; the code and the recipients by the host's level."""
    composition = composition or compose(conference_with_record(conference.pk, units=False), units=False)
    return {
        "date": conference.date,
        "subject": composition.subject,
        "code": default_code(conference.host_unit),
        "recipients": "\n".join(default_recipients(conference.host_unit, conference.date)),
        **default_signature(conference.host_unit),
    }


def final_report_get_or_create(*, conference, user=None):
    report = FinalReport.objects.filter(conference=conference).first()
    if report is None:
        with transaction.atomic():
            report, _ = FinalReport.objects.get_or_create(
                conference=conference, defaults={**final_report_defaults(conference), "updated_by": user}
            )
    return report


def report_orphan_files_sweep(*, grace=None, now=None):
    """Deletes the files under reports/final/ that no PDF version refers to (a render stopped
    between storing its PDF and saving its version), once past the grace period."""
    referenced = ReportVersion.objects.values_list("file", flat=True)
    return orphan_files_delete(folder="reports/final", referenced=referenced.iterator(), grace=grace, now=now)


EDITABLE_FIELDS = FinalReport.EDITABLE_FIELDS


def _locked_row(report):
    """The report's row, locked until the transaction ends: approving, editing, opening a revision
    and storing a rendered version of one report happen one after the other."""
    return FinalReport.objects.select_for_update().get(pk=report.pk)


def _refuse_if_locked(report):
    in_force = selectors.version_in_force(report)
    if selectors.is_locked(report, in_force):
        raise ValidationError(selectors.locked_message(in_force), code="locked")


@transaction.atomic
def final_report_update(*, report, user, expected_revision=None, **fields):
    """Change the report's own fields; a later PDF becomes a new version (the revision counts).
    Refused while the report is locked by its approval, with the number of an approved version, and
    when `expected_revision` (the revision the form was opened on) is no longer the report's."""
    require(user, "report.change", report.conference)
    current = _locked_row(report)
    _refuse_if_locked(current)
    if expected_revision is not None and expected_revision != current.revision:
        raise ValidationError(
            _(
                "Báo cáo vừa được %(who)s lưu lúc %(when)s, sau khi trang này được mở. Các giá trị vừa "
                "nhập vẫn còn: hãy xem lại rồi lưu lần nữa."
            )
            % {
                "who": current.updated_by or "—",
                "when": timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y"),
            },
            code="stale",
        )
    changed = False
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable field of a final report.")
        value = nfc(value)
        if getattr(report, name) != value:
            setattr(report, name, value)
            changed = True
    if changed:
        report.clean()  # the signature block's lines (TM. / KT. / Q. / TL.) go together
        taken = selectors.approved_with_number(report, report.number, report.code)
        if taken is not None:
            raise ValidationError({"number": selectors.number_taken_message(taken)}, code="number_taken")
        report.revision = F("revision") + 1
        report.updated_by = user
        report.save()
        report.refresh_from_db()
    return report


def final_report_follow_record(*, report, user, field):
    """Drop the report's own opening or closing (`field`): it is composed from the record again
    and follows it from now on. The same rules as any edit (permission, lock)."""
    if field not in ("opening", "closing"):
        raise ValidationError(_("Chỉ đoạn mở đầu hoặc đoạn kết được tạo lại theo biên bản."), code="field")
    return final_report_update(report=report, user=user, **{field: ""})


@transaction.atomic
def final_report_revise(*, report, user):
    """ "Sửa đổi": open a new revision of an approved (locked) report. The approved version stays the
    official one until a newer version is approved; the revision starts without a number, since an
    approved number is not used again."""
    require(user, "report.change", report.conference)
    current = _locked_row(report)
    if not selectors.is_locked(current, selectors.version_in_force(current)):
        raise ValidationError(
            _("Báo cáo chưa được phê duyệt nên không cần mở bản sửa đổi."), code="not_locked"
        )
    FinalReport.objects.filter(pk=report.pk).update(
        revision=F("revision") + 1, number="", updated_by=user, updated_at=timezone.now()
    )
    report.refresh_from_db()
    return report


@transaction.atomic
def final_report_request(*, report, user=None):
    """Ask for a PDF of `report`: a queued job, sent to the worker once the transaction commits.
    Refused while the report is locked by its approval, or numbered like an approved version."""
    current = _locked_row(report)
    _refuse_if_locked(current)
    taken = selectors.approved_with_number(current, current.number, current.code)
    if taken is not None:
        raise ValidationError(selectors.number_taken_message(taken), code="number_taken")
    job = RenderJob.objects.create(final_report=report, requested_by=user, enqueued_at=timezone.now())
    RENDER_JOBS.send([job.pk])
    return job


class _NotApproved(Exception):
    pass


@transaction.atomic
def report_version_approve(*, version, user):
    """Leadership approves the newest version of a report, once every part approval needs is printed
    in it; the version approved before it (if any) is marked replaced, and the report is locked.
    Returns False if this version was already approved; a refusal raises ValidationError with the
    reasons. Two approvals of one report run one after the other (its row is locked), and the
    database keeps at most one approved version in force whatever happens."""
    require(user, "report.approve", version.final_report.conference)
    report = _locked_row(version.final_report)
    current = ReportVersion.objects.get(pk=version.pk)
    if current.is_approved:
        version.refresh_from_db()
        return False
    problems = selectors.approval_problems(current, report, selectors.newest_version(report))
    if problems:
        raise ValidationError(problems, code="not_approvable")
    now = timezone.now()
    try:
        with transaction.atomic():
            ReportVersion.objects.filter(
                final_report=report, approved_at__isnull=False, replaced_at__isnull=True
            ).update(replaced_at=now, replaced_by=current)
            if not ReportVersion.objects.filter(pk=current.pk, approved_at__isnull=True).update(
                approved_by=user, approved_at=now
            ):
                raise _NotApproved
    except (IntegrityError, _NotApproved) as exc:
        raise ValidationError(
            _("Một phiên bản khác của báo cáo vừa được phê duyệt; hãy tải lại trang để xem."),
            code="concurrent",
        ) from exc
    version.refresh_from_db()
    # The signed original is made by the worker once the approval has committed (reports/signing).
    transaction.on_commit(lambda: signals.version_approved.send(sender=ReportVersion, version=version))
    return True
