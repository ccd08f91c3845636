"""Writes on recommendations and directives. Every follow-up step goes through here: the status
rules (`TRANSITIONS`), who may take each step, and the history (`RecommendationEvent`)."""

import datetime
import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import can, require
from recommendations.models import CompletionReport, Directive, Recommendation, RecommendationEvent

S = Recommendation.Status

# (from, to) → the permission rule that owns the step (frontwork.accounts.permissions). Everything
# else is refused.
TRANSITIONS = {
    (S.NEW, S.FORWARDED): "recommendation.forward",
    (S.FORWARDED, S.ANSWERED): "recommendation.answer",
    (S.ANSWERED, S.RESOLVED): "recommendation.resolve",
    (S.ANSWERED, S.NOT_ACCEPTED): "recommendation.reject",
    (S.NEW, S.NOT_ACCEPTED): "recommendation.reject",
}

ATTACHMENT_EXTENSIONS = {".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".jpg", ".jpeg", ".png"}


# A due date is at most this long after the conference.
LONGEST_DUE = datetime.timedelta(days=5 * 366)


def check_due_date(due_date, conference):
    """A due date (of a recommendation's reply or of a directive) lies between the conference and
    five years after it. The record editor's form and the register's steps call this."""
    if due_date is None or conference.date is None:
        return
    if due_date < conference.date:
        raise ValidationError(
            _("Thời hạn không được trước ngày họp (%(d)s).") % {"d": conference.date.strftime("%d/%m/%Y")},
            code="date",
        )
    if due_date > conference.date + LONGEST_DUE:
        raise ValidationError(_("Thời hạn quá xa ngày họp (hơn 5 năm)."), code="date")


def _check_not_future(day, message):
    """Dates of what already happened (forwarded, answered, reported) are not after today."""
    if day > timezone.localdate():
        raise ValidationError(message, code="date")


def allowed_steps(user, recommendation):
    """The statuses `user` may move `recommendation` to now."""
    return [
        to
        for (frm, to), rule in TRANSITIONS.items()
        if frm == recommendation.status and can(user, rule, recommendation)
    ]


def _check_transition(recommendation, to_status, user):
    frm = recommendation.status
    if (frm, to_status) not in TRANSITIONS:
        raise ValidationError(
            _("Không thể chuyển kiến nghị từ trạng thái “%(frm)s” sang “%(to)s”.")
            % {"frm": S(frm).label, "to": S(to_status).label},
            code="illegal_transition",
        )
    require(
        user,
        TRANSITIONS[(frm, to_status)],
        recommendation,
        _("Vai trò của bạn không được chuyển kiến nghị sang “%(to)s”.") % {"to": S(to_status).label},
    )


def _locked(recommendation):
    return Recommendation.objects.select_for_update().get(pk=recommendation.pk)


def _log(recommendation, by, frm, to, note):
    return RecommendationEvent.objects.create(
        recommendation=recommendation, actor=by, from_status=frm, to_status=to, note=note.strip()
    )


def _move(recommendation, to_status, by, note, **fields):
    frm = recommendation.status
    for name, value in fields.items():
        setattr(recommendation, name, value)
    recommendation.status = to_status
    recommendation.version += 1
    recommendation._change_reason = f"{frm} → {to_status}"
    recommendation.save()
    _log(recommendation, by, frm, to_status, note)
    return recommendation


@transaction.atomic
def recommendation_forward(*, recommendation, by, forwarded_on, number, note=""):
    """New → forwarded: the Front sent it to the addressee with a document."""
    recommendation = _locked(recommendation)
    _check_transition(recommendation, S.FORWARDED, by)
    if not forwarded_on or not (number or "").strip():
        raise ValidationError(_("Cần nhập ngày chuyển và số văn bản chuyển."), code="required")
    if forwarded_on < recommendation.conference.date:
        raise ValidationError(_("Ngày chuyển không thể trước ngày họp."), code="date")
    _check_not_future(forwarded_on, _("Ngày chuyển không thể sau hôm nay."))
    return _move(
        recommendation, S.FORWARDED, by, note, forwarded_on=forwarded_on, forwarded_number=number.strip()
    )


def _store_attachment(upload):
    ext = os.path.splitext(upload.name)[1].lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Tệp đính kèm phải là một trong các loại: %(types)s.")
            % {"types": ", ".join(sorted(e.lstrip(".") for e in ATTACHMENT_EXTENSIONS))},
            code="file_type",
        )
    if upload.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Tệp đính kèm quá lớn (tối đa %(mb)s MB).") % {"mb": settings.MAX_UPLOAD_SIZE // (1024 * 1024)},
            code="file_size",
        )
    return default_storage.save(f"recommendations/replies/{uuid.uuid4().hex}{ext}", upload)


@transaction.atomic
def recommendation_record_reply(
    *, recommendation, by, replied_on, reply_text, number="", attachment=None, note=""
):
    """Forwarded → answered: the authority's reply, its date, document and an optional attachment."""
    recommendation = _locked(recommendation)
    _check_transition(recommendation, S.ANSWERED, by)
    if not replied_on or not (reply_text or "").strip():
        raise ValidationError(_("Cần nhập nội dung và ngày trả lời."), code="required")
    if recommendation.forwarded_on and replied_on < recommendation.forwarded_on:
        raise ValidationError(_("Ngày trả lời không thể trước ngày chuyển kiến nghị."), code="date")
    _check_not_future(replied_on, _("Ngày trả lời không thể sau hôm nay."))
    fields = {
        "replied_on": replied_on,
        "reply_text": reply_text.strip(),
        "reply_number": (number or "").strip(),
    }
    if attachment is not None:
        stored = _store_attachment(attachment)
        fields.update(reply_file=stored, reply_file_name=os.path.basename(attachment.name)[:255])
    return _move(recommendation, S.ANSWERED, by, note, **fields)


@transaction.atomic
def recommendation_resolve(*, recommendation, by, note=""):
    """Answered → resolved."""
    recommendation = _locked(recommendation)
    _check_transition(recommendation, S.RESOLVED, by)
    return _move(recommendation, S.RESOLVED, by, note)


@transaction.atomic
def recommendation_reject(*, recommendation, by, note=""):
    """New or answered → not accepted (leadership's decision); a reason is required."""
    recommendation = _locked(recommendation)
    _check_transition(recommendation, S.NOT_ACCEPTED, by)
    if not (note or "").strip():
        raise ValidationError(_("Cần ghi rõ lý do không tiếp thu."), code="required")
    return _move(recommendation, S.NOT_ACCEPTED, by, note)


STEP_SERVICES = {
    S.FORWARDED: recommendation_forward,
    S.ANSWERED: recommendation_record_reply,
    S.RESOLVED: recommendation_resolve,
    S.NOT_ACCEPTED: recommendation_reject,
}


@transaction.atomic
def recommendation_assign(*, recommendation, by, department, due_date, note=""):
    """Set the follow-up department and the due date (staff and administrators)."""
    require(
        by,
        "recommendation.manage",
        recommendation,
        _("Chỉ cán bộ của ủy ban Mặt trận tổ chức hội nghị được giao theo dõi kiến nghị."),
    )
    recommendation = _locked(recommendation)
    if not recommendation.is_open:
        raise ValidationError(_("Kiến nghị đã kết thúc, không giao lại được."), code="closed")
    if department is not None and department.kind != Unit.Kind.DEPARTMENT:
        raise ValidationError(_("Đơn vị theo dõi phải là một Ban, Văn phòng."), code="department")
    check_due_date(due_date, recommendation.conference)
    recommendation.department = department
    recommendation.due_date = due_date
    recommendation.version += 1
    recommendation.save()
    # The register's history notes are records, kept in Vietnamese whatever the interface language.
    text = (
        f"Ban theo dõi: {department.label if department else '—'}; "
        f"thời hạn: {due_date.strftime('%d/%m/%Y') if due_date else '—'}"
    ) + (f". {note.strip()}" if note.strip() else "")
    _log(recommendation, by, recommendation.status, recommendation.status, text)
    return recommendation


def _renumber_repeats(recommendation):
    for later in Recommendation.objects.filter(previous=recommendation):
        Recommendation.objects.filter(pk=later.pk).update(repeat_count=recommendation.repeat_count + 1)
        later.repeat_count = recommendation.repeat_count + 1
        _renumber_repeats(later)


@transaction.atomic
def recommendation_link_previous(*, recommendation, previous, by):
    """Mark `recommendation` as raised again: `previous` is its earlier occurrence."""
    require(
        by,
        "recommendation.manage",
        recommendation,
        _("Chỉ cán bộ của ủy ban Mặt trận tổ chức hội nghị được liên kết kiến nghị."),
    )
    recommendation = _locked(recommendation)
    if recommendation.previous_id == (previous.pk if previous else None):
        return recommendation  # nothing changes, nothing to record
    if previous is not None:
        if previous.pk == recommendation.pk or previous.conference.date >= recommendation.conference.date:
            raise ValidationError(
                _("Chỉ liên kết được với một kiến nghị của hội nghị trước đó."), code="previous"
            )
    recommendation.previous = previous
    recommendation.repeat_count = previous.repeat_count + 1 if previous else 0
    recommendation.save()
    _renumber_repeats(recommendation)
    # A history note: kept in Vietnamese whatever the interface language (see recommendation_assign).
    note = (
        f"Kiến nghị lại kiến nghị tại {previous.conference}"
        if previous
        else "Bỏ liên kết với kiến nghị trước"
    )
    _log(recommendation, by, recommendation.status, recommendation.status, note)
    return recommendation


@transaction.atomic
def directive_report(*, directive, by, result, text, reported_on):
    """An owner unit reports on a directive; the directive is done once every owner reported done."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    require(by, "directive.report", directive, _("Chỉ đơn vị được giao thực hiện mới báo cáo kết quả."))
    owner_ids = {unit.pk for unit in directive.owners.all()}
    if result not in CompletionReport.Result.values:
        raise ValidationError(_("Kết quả báo cáo không hợp lệ."), code="result")
    if not (text or "").strip() or not reported_on:
        raise ValidationError(_("Cần nhập nội dung và ngày báo cáo."), code="required")
    if directive.status == Directive.Status.DONE:
        raise ValidationError(_("Kết luận này đã hoàn thành, không nhận thêm báo cáo."), code="closed")
    if reported_on < directive.conference.date:
        raise ValidationError(_("Ngày báo cáo không thể trước ngày họp."), code="date")
    _check_not_future(reported_on, _("Ngày báo cáo không thể sau hôm nay."))
    report = CompletionReport.objects.create(
        directive=directive,
        unit_id=by.unit_id,
        result=result,
        text=text.strip(),
        reported_on=reported_on,
        submitted_by=by,
    )
    latest = {}
    for unit_id, res in directive.reports.order_by("submitted_at", "pk").values_list("unit_id", "result"):
        latest[unit_id] = res
    done = owner_ids and all(latest.get(pk) == CompletionReport.Result.DONE for pk in owner_ids)
    directive.status = Directive.Status.DONE if done else Directive.Status.IN_PROGRESS
    directive.version += 1
    directive.save()
    return report


@transaction.atomic
def directive_set_due_date(*, directive, by, due_date):
    require(
        by,
        "directive.manage",
        directive,
        _("Chỉ cán bộ của ủy ban Mặt trận tổ chức hội nghị được đặt thời hạn."),
    )
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    check_due_date(due_date, directive.conference)
    directive.due_date = due_date
    directive.version += 1
    directive.save()
    return directive
