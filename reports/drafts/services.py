"""Writes on drafts, versions, comment rounds and comments. Every refusal is a ValidationError
with a Vietnamese message; nothing is changed when one is raised."""

import contextlib
import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from frontwork.accounts.access import users_acting_for
from frontwork.accounts.permissions import acting_unit_ids, can
from frontwork.notifications.services import email_enqueue
from frontwork.storage import orphan_files_delete
from reports.drafts.conversion import conversions_send, docx_check, rounds_close_before
from reports.drafts.models import Comment, CommentRound, Draft, DraftParagraph, DraftVersion, RoundUnit
from reports.drafts.text import DocxError, anchors_for, text_to_blocks


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


# The e-mails below (to the units asked, and to the staff member who opened a round) are Vietnamese
# administrative correspondence: written in Vietnamese whatever language the sender's interface is
# in, so their texts are not marked for translation.


def _deadline_text(deadline):
    return date_format(timezone.localtime(deadline), "H:i \\n\\g\\à\\y d/m/Y")


def unit_email_addresses(unit):
    """The unit's own address and those of the active users who answer for it."""
    addresses = [unit.email] + list(users_acting_for(unit).exclude(email="").values_list("email", flat=True))
    return sorted({a for a in addresses if a})


def draft_file_check(uploaded_file):
    """Check an uploaded file (type, size, what its zip directory says: no macros, not too large
    unpacked) and return its bytes; the worker converts it (reports/drafts/conversion.py)."""
    if uploaded_file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            {
                "file": _("Tệp quá lớn (%(size)s); giới hạn là %(limit)s.")
                % {
                    "size": filesizeformat(uploaded_file.size),
                    "limit": filesizeformat(settings.MAX_UPLOAD_SIZE),
                }
            }
        )
    if PurePath(uploaded_file.name or "").suffix.lower() != ".docx":
        raise ValidationError({"file": _("Chỉ nhận văn bản Word có đuôi .docx.")})
    data = uploaded_file.read()
    try:
        docx_check(data, max_unpacked=10 * settings.MAX_UPLOAD_SIZE)
    except DocxError as error:
        raise ValidationError({"file": str(error.args[0])}) from error
    return data


def _version_create(*, draft, user, blocks, source, stored_files, data=None, original_name="", note=""):
    number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DraftVersion(
        draft=draft,
        number=number,
        source=source,
        original_name=PurePath(original_name).name[:255],
        note=note,
        created_by=user,
    )
    if data is not None:
        version.original_file.save("upload.docx", ContentFile(data), save=False)
        stored_files.append(version.original_file.name)
    if blocks is None:  # an upload: the worker converts it, then closes the earlier rounds
        version.conversion = DraftVersion.Conversion.PENDING
        version.save()
        conversions_send([version.pk])
        return version
    version.save()
    DraftParagraph.objects.bulk_create(
        DraftParagraph(
            version=version, position=i, anchor=anchor, kind=block.kind, html=block.html, text=block.text
        )
        for i, (block, anchor) in enumerate(zip(blocks, anchors_for(blocks), strict=True), start=1)
    )
    # Publishing a version ends the rounds still open on the earlier ones.
    rounds_close_before(version)
    return version


@contextlib.contextmanager
def _files_removed_on_error():
    """Files stored inside the block are deleted again if the block fails."""
    stored = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def draft_orphan_files_sweep(*, grace=None, now=None):
    """Deletes the files under drafts/ that no version refers to, once past the grace period."""
    referenced = DraftVersion.objects.exclude(original_file="").values_list("original_file", flat=True)
    return orphan_files_delete(folder="drafts", referenced=referenced.iterator(), grace=grace, now=now)


def _blocks_from_input(*, uploaded_file, text):
    if uploaded_file is not None:
        return draft_file_check(uploaded_file), None, DraftVersion.Source.UPLOAD, uploaded_file.name
    blocks = text_to_blocks(text or "")
    if not blocks:
        raise ValidationError({"text": _("Hãy tải lên tệp .docx hoặc nhập nội dung dự thảo.")})
    return None, blocks, DraftVersion.Source.WRITTEN, ""


def draft_create(*, conference, title, user, uploaded_file=None, text=""):
    """A new draft with its first version, from an uploaded .docx or from written text."""
    data, blocks, source, name = _blocks_from_input(uploaded_file=uploaded_file, text=text)
    with _files_removed_on_error() as stored, transaction.atomic():
        draft = Draft.objects.create(conference=conference, title=title.strip(), created_by=user)
        _version_create(
            draft=draft,
            user=user,
            blocks=blocks,
            source=source,
            data=data,
            original_name=name,
            stored_files=stored,
        )
    return draft


def draft_version_publish(*, draft, user, uploaded_file=None, text="", note=""):
    """The next version of a draft (upload or edited text)."""
    data, blocks, source, name = _blocks_from_input(uploaded_file=uploaded_file, text=text)
    with _files_removed_on_error() as stored, transaction.atomic():
        Draft.objects.select_for_update().filter(pk=draft.pk).first()
        return _version_create(
            draft=draft,
            user=user,
            blocks=blocks,
            source=source,
            data=data,
            original_name=name,
            note=note,
            stored_files=stored,
        )


# A comment round's deadline is at most this far ahead.
LONGEST_ROUND = datetime.timedelta(days=366)


def check_round_deadline(deadline):
    """A comment round's deadline is in the future, and at most a year away (the round form calls
    this too)."""
    now = timezone.now()
    if deadline <= now:
        raise ValidationError(_("Hạn gửi ý kiến phải ở trong tương lai."), code="deadline")
    if deadline > now + LONGEST_ROUND:
        raise ValidationError(_("Hạn gửi ý kiến quá xa (hơn 1 năm)."), code="deadline")


def round_open(*, version, units, deadline, instructions, user):
    """Ask `units` to comment on `version` by `deadline`; each unit is told by e-mail."""
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Hãy chọn ít nhất một đơn vị.")})
    try:
        check_round_deadline(deadline)
    except ValidationError as error:
        raise ValidationError({"deadline": error.messages}) from None
    if not version.is_readable:
        raise ValidationError(
            _("Phiên bản này chưa chuyển đổi xong hoặc chuyển đổi bị lỗi; chưa thể lấy ý kiến.")
        )
    if (
        version.draft.versions.filter(number__gt=version.number)
        .exclude(conversion=DraftVersion.Conversion.FAILED)
        .exists()
    ):
        raise ValidationError(_("Đã có phiên bản mới hơn; hãy lấy ý kiến trên phiên bản mới nhất."))
    with transaction.atomic():
        comment_round = CommentRound.objects.create(
            version=version, deadline=deadline, instructions=instructions.strip(), opened_by=user
        )
        RoundUnit.objects.bulk_create(RoundUnit(round=comment_round, unit=unit) for unit in units)
        link = _absolute(reverse("drafts:round_comments", args=[comment_round.pk]))
        for unit in units:
            email_enqueue(
                to=unit_email_addresses(unit),
                subject=f"Đề nghị góp ý: {version.draft.title}",
                body=(
                    f"Kính gửi {unit.name},\n\nBan Thường trực đề nghị đơn vị nghiên cứu và góp ý dự thảo "
                    f"«{version.draft.title}» (phiên bản {version.number}). "
                    f"Hạn gửi ý kiến: {_deadline_text(deadline)}.\n\n{comment_round.instructions}\n\n"
                    f"Đọc dự thảo và gửi ý kiến tại: {link}\n"
                ),
            )
    return comment_round


def answering_unit_id(comment_round, user):
    """The unit the user answers for in the round: its own unit when asked, else its committee
    when the committee is asked and the user acts for it (None when neither is asked)."""
    acting = acting_unit_ids(user)
    asked = {row.unit_id for row in comment_round.round_units.all() if row.unit_id in acting}
    if getattr(user, "unit_id", None) in asked:
        return user.unit_id
    return next(iter(asked), None)


def _round_unit_for_writing(*, comment_round, user, now=None):
    """The caller's RoundUnit, if the unit may still change its comments; ValidationError otherwise."""
    round_unit = (
        RoundUnit.objects.select_for_update()
        .filter(round=comment_round, unit_id=answering_unit_id(comment_round, user))
        .first()
    )
    if round_unit is None or not can(user, "round.comment", comment_round):
        raise ValidationError(_("Đơn vị của bạn không được lấy ý kiến trong đợt này."))
    if round_unit.submitted_at is not None:
        raise ValidationError(_("Đơn vị đã gửi ý kiến; không thể thêm, sửa hoặc xóa nữa."))
    if comment_round.closed_at is not None:
        raise ValidationError(_("Đợt lấy ý kiến đã kết thúc; không thể thay đổi ý kiến nữa."))
    if (now or timezone.now()) >= comment_round.deadline:
        raise ValidationError(
            _("Đã quá hạn gửi ý kiến (%(deadline)s); không thể thay đổi ý kiến nữa.")
            % {"deadline": _deadline_text(comment_round.deadline)}
        )
    return round_unit


def comment_save(*, comment_round, user, text, paragraph=None, comment=None, now=None):
    """Create (or, with `comment`, change) an unfinished comment of the user's unit."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Hãy nhập nội dung góp ý.")})
    if paragraph is not None and paragraph.version_id != comment_round.version_id:
        raise ValidationError({"paragraph": _("Đoạn văn không thuộc phiên bản đang lấy ý kiến.")})
    with transaction.atomic():
        unit_id = _round_unit_for_writing(comment_round=comment_round, user=user, now=now).unit_id
        if comment is None:
            return Comment.objects.create(
                round=comment_round, unit_id=unit_id, paragraph=paragraph, text=text, author=user
            )
        if comment.unit_id != unit_id or comment.round_id != comment_round.pk:
            raise ValidationError(_("Không thể sửa ý kiến của đơn vị khác."))
        comment.text = text
        comment.author = user
        comment.save(update_fields=["text", "author", "updated_at"])
        return comment


def comment_delete(*, comment, user, now=None):
    with transaction.atomic():
        round_unit = _round_unit_for_writing(comment_round=comment.round, user=user, now=now)
        if comment.unit_id != round_unit.unit_id:
            raise ValidationError(_("Không thể xóa ý kiến của đơn vị khác."))
        comment.delete()


def round_submit(*, comment_round, user, now=None):
    """Send the unit's comments to the provincial committee; they cannot be changed afterwards."""
    now = now or timezone.now()
    with transaction.atomic():
        round_unit = _round_unit_for_writing(comment_round=comment_round, user=user, now=now)
        comments = Comment.objects.filter(round=comment_round, unit_id=round_unit.unit_id)
        count = comments.count()
        if not count:
            raise ValidationError(
                _("Đơn vị chưa có ý kiến nào. Nếu nhất trí toàn bộ dự thảo, hãy ghi một ý kiến chung.")
            )
        comments.update(submitted_at=now)
        round_unit.submitted_at = now
        round_unit.submitted_by = user
        round_unit.save(update_fields=["submitted_at", "submitted_by"])
        opener = comment_round.opened_by
        version = comment_round.version
        email_enqueue(
            to=[opener.email] if opener and opener.email else [],
            subject=f"{round_unit.unit.label} đã gửi ý kiến về dự thảo",
            body=(
                f"{round_unit.unit.name} đã gửi {count} ý kiến về dự thảo «{version.draft.title}» "
                f"(phiên bản {version.number}).\n\n"
                f"Xem và xử lý tại: {_absolute(reverse('drafts:round_status', args=[comment_round.pk]))}\n"
            ),
        )
    return round_unit


def _remind(round_unit, comment_round):
    title = comment_round.version.draft.title
    email_enqueue(
        to=unit_email_addresses(round_unit.unit),
        subject=f"Nhắc hạn góp ý: {title}",
        body=(
            f"Kính gửi {round_unit.unit.name},\n\nĐơn vị chưa gửi ý kiến về dự thảo «{title}». "
            f"Hạn gửi ý kiến: {_deadline_text(comment_round.deadline)}.\n\n"
            f"Gửi ý kiến tại: {_absolute(reverse('drafts:round_comments', args=[comment_round.pk]))}\n"
        ),
    )


def round_remind(*, comment_round, user, now=None):
    """Staff remind, now, every asked unit that has not submitted. Returns how many were reminded."""
    now = now or timezone.now()
    if not comment_round.is_open(now):
        raise ValidationError(_("Đợt lấy ý kiến đã kết thúc; không gửi nhắc nhở được nữa."))
    with transaction.atomic():
        pending = list(
            comment_round.round_units.filter(submitted_at__isnull=True).select_related("unit").order_by("pk")
        )
        for round_unit in pending:
            _remind(round_unit, comment_round)
        RoundUnit.objects.filter(pk__in=[r.pk for r in pending]).update(last_reminded_at=now)
    return len(pending)


def round_send_due_reminders(*, now=None):
    """The automatic reminder before the deadline: once per unit and round, whatever the number of
    runs. Each unit is claimed by a conditional UPDATE before its e-mail is queued. Rounds opened
    less than a day ago are skipped: the opening e-mail gave the deadline."""
    now = now or timezone.now()
    window = datetime.timedelta(hours=settings.DRAFT_REMINDER_HOURS_BEFORE)
    due = (
        RoundUnit.objects.filter(
            submitted_at__isnull=True,
            reminder_sent_at__isnull=True,
            round__closed_at__isnull=True,
            round__deadline__gt=now,
            round__deadline__lte=now + window,
            # A round opened less than a day ago has just told the units its deadline.
            round__opened_at__lte=now - datetime.timedelta(hours=24),
        )
        .select_related("unit", "round__version__draft")
        .order_by("pk")
    )
    sent = 0
    for round_unit in due:
        with transaction.atomic():
            claimed = RoundUnit.objects.filter(pk=round_unit.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if claimed:
                _remind(round_unit, round_unit.round)
                sent += 1
    return sent


def comment_triage(*, comment, decision, reply, user):
    """Staff record what became of a submitted comment."""
    if comment.submitted_at is None:
        raise ValidationError(_("Ý kiến chưa được đơn vị gửi; chưa thể xử lý."))
    if decision not in {c.value for c in Comment.Decision} or decision == Comment.Decision.PENDING:
        raise ValidationError({"decision": _("Hãy chọn kết quả tiếp thu.")})
    if decision == Comment.Decision.REJECTED and not (reply or "").strip():
        # The unit that raised it reads the reply under its comment: not accepting needs a reason.
        raise ValidationError({"reply": _("Không tiếp thu ý kiến thì cần trả lời đơn vị góp ý (nêu lý do).")})
    with transaction.atomic():
        comment.decision = decision
        comment.reply = (reply or "").strip()
        comment.decided_by = user
        comment.decided_at = timezone.now()
        comment.save(update_fields=["decision", "reply", "decided_by", "decided_at"])
    return comment
