"""Drafts of a conference's report and the rounds of comments on them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference
from frontwork.accounts.models import Unit
from frontwork.choices import ChoiceLabels


class Draft(models.Model):
    """A draft report (dự thảo báo cáo) of a conference; its text lives in numbered versions."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="drafts"
    )
    title = models.CharField(
        _("tên dự thảo"),
        max_length=500,
        help_text=_("Ví dụ: Báo cáo công tác Mặt trận năm 2016, phương hướng nhiệm vụ năm 2017"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dự thảo báo cáo")
        verbose_name_plural = _("dự thảo báo cáo")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


def draft_upload_to(instance, filename):
    """A generated name: the user's file name is never used on disk."""
    return f"drafts/{instance.draft_id}/{uuid.uuid4().hex}.docx"


class DraftVersion(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", _("Tải lên tệp .docx")
        WRITTEN = "written", _("Soạn trên hệ thống")

    class Conversion(models.TextChoices):
        """An uploaded .docx is converted into paragraphs by the worker (reports/drafts/conversion.py)."""

        PENDING = "pending", _("Đang chuyển đổi")
        CONVERTING = "converting", _("Đang chuyển đổi")
        FAILED = "failed", _("Lỗi")
        DONE = "done", _("Xong")

    draft = models.ForeignKey(Draft, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("số phiên bản"))
    source = models.CharField(_("nguồn"), max_length=16, choices=Source.choices)
    original_file = models.FileField(_("tệp gốc"), upload_to=draft_upload_to, blank=True)
    original_name = models.CharField(_("tên tệp tải lên"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú thay đổi"), blank=True)
    conversion = models.CharField(
        _("chuyển đổi"), max_length=16, choices=Conversion.choices, default=Conversion.DONE
    )
    conversion_error = models.TextField(_("lý do lỗi chuyển đổi"), blank=True)
    conversion_attempts = models.PositiveSmallIntegerField(default=0)
    conversion_started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number_unique"),
        ]

    def __str__(self):
        return f"{self.draft} — phiên bản {self.number}"

    @property
    def is_converting(self):
        return self.conversion in (self.Conversion.PENDING, self.Conversion.CONVERTING)

    @property
    def is_readable(self):
        """Its paragraphs are there (written in the app, or converted)."""
        return self.conversion == self.Conversion.DONE

    @property
    def download_name(self):
        return f"du-thao-{self.draft_id}-phien-ban-{self.number}.docx"

    @property
    def conference(self):
        return self.draft.conference


class DraftParagraph(models.Model):
    """One block of a version's text (paragraph, heading or list item), with sanitised HTML and an
    anchor that comments point to. The anchor derives from the text, so an unchanged paragraph
    keeps its anchor from one version to the next."""

    class Kind(models.TextChoices):
        PARAGRAPH = "p", _("Đoạn văn")
        HEADING_1 = "h2", _("Đề mục cấp 1")
        HEADING_2 = "h3", _("Đề mục cấp 2")
        HEADING_3 = "h4", _("Đề mục cấp 3")
        LIST_ITEM = "li", _("Gạch đầu dòng")

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(_("thứ tự"))
    anchor = models.CharField(max_length=32)
    kind = models.CharField(max_length=4, choices=Kind.choices, default=Kind.PARAGRAPH)
    html = models.TextField(help_text="Sanitised inline HTML (strong, em, u, s, sub, sup, br only).")
    text = models.TextField()

    class Meta:
        verbose_name = _("đoạn dự thảo")
        verbose_name_plural = _("đoạn dự thảo")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="draft_paragraph_position_unique"),
            models.UniqueConstraint(fields=["version", "anchor"], name="draft_paragraph_anchor_unique"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def label(self):
        return _("Đoạn %(n)s") % {"n": self.position}


class CommentRoundQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(closed_at__isnull=True, deadline__gt=now or timezone.now())


class CommentRound(models.Model):
    """A request to some units to comment on one version by a deadline (đợt lấy ý kiến)."""

    version = models.ForeignKey(
        DraftVersion, verbose_name=_("phiên bản"), on_delete=models.PROTECT, related_name="rounds"
    )
    deadline = models.DateTimeField(_("hạn gửi ý kiến"))
    instructions = models.TextField(_("hướng dẫn"), blank=True)
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị được lấy ý kiến"), through="RoundUnit", related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    objects = CommentRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return f"Lấy ý kiến {self.version} (hạn {timezone.localtime(self.deadline):%d/%m/%Y %H:%M})"

    def is_open(self, now=None):
        return self.closed_at is None and (now or timezone.now()) < self.deadline

    @property
    def conference(self):
        return self.version.draft.conference


class RoundUnit(models.Model):
    """A unit asked in a round, with its submission and the reminders it was sent."""

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="round_units")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("gửi ý kiến lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("nhắc hạn tự động lúc"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("nhắc lần cuối lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị được lấy ý kiến")
        verbose_name_plural = _("đơn vị được lấy ý kiến")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="round_unit_unique"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.round}"


class Comment(ChoiceLabels, models.Model):
    """A unit's comment on one paragraph (or on the whole text when `paragraph` is empty)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Chưa xử lý")
        ACCEPTED = "accepted", _("Tiếp thu")
        PARTLY = "partly", _("Tiếp thu một phần")
        REJECTED = "rejected", _("Không tiếp thu")

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    paragraph = models.ForeignKey(
        DraftParagraph,
        verbose_name=_("đoạn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="comments",
    )
    text = models.TextField(_("nội dung góp ý"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decision = models.CharField(
        _("kết quả tiếp thu"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    reply = models.TextField(_("trả lời"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        indexes = [models.Index(fields=["round", "unit"], name="comment_round_unit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(submitted_at__isnull=False),
                name="comment_decided_only_when_submitted",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def is_submitted(self):
        return self.submitted_at is not None
