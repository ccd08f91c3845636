"""The outbox: every notification e-mail is a row, written in the same transaction as the change
that causes it, then sent by the worker (services.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Không gửi được")

    to = models.JSONField(_("người nhận"), default=list)
    subject = models.TextField(_("tiêu đề"))
    body = models.TextField(_("nội dung"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    # None: the message to the worker never reached the broker (the sweep sends it again).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư thông báo")
        verbose_name_plural = _("thư thông báo")
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="email_status_lease")]

    def __str__(self):
        return f"{self.subject} — {self.get_status_display()}"
