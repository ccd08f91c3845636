"""The final report of a conference, the layout it is printed with, its PDF jobs and versions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conferences.models import Conference
from frontwork.accounts.models import Unit

UNNUMBERED = "\u00a0" * 8  # room for a number written by hand


class HeadingStyle(models.TextChoices):
    BOLD = "bold", _("Đậm")
    BOLD_ITALIC = "bold_italic", _("Đậm, nghiêng")
    ITALIC = "italic", _("Nghiêng")
    REGULAR = "regular", _("Thường")


class LayoutSettings(models.Model):
    """The letterhead and page layout of the reports one unit issues (defaults: Decree 30/2020)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.CASCADE, related_name="layout_settings"
    )
    # Empty: from the organisation tree (reports/final/letterhead.py); a line break is kept.
    parent_body_line = models.TextField(
        _("tên cơ quan cấp trên"),
        max_length=255,
        blank=True,
        help_text=_("Để trống: lấy theo cây tổ chức, ví dụ: ỦY BAN MTTQ VIỆT NAM TỈNH …"),
    )
    issuing_body_line = models.TextField(
        _("tên cơ quan ban hành"),
        max_length=255,
        blank=True,
        help_text=_("Để trống: lấy theo cây tổ chức, ví dụ: BAN THƯỜNG TRỰC"),
    )
    parent_body_bold = models.BooleanField(_("tên cơ quan cấp trên in đậm"), default=False)
    place_name = models.CharField(
        _("địa danh"),
        max_length=100,
        blank=True,
        help_text=_("Ghi trước ngày tháng, ví dụ: Cao Bằng. Để trống: lấy theo địa danh của đơn vị."),
    )
    font_size_pt = models.DecimalField(_("cỡ chữ (pt)"), max_digits=4, decimal_places=1, default=14)
    line_spacing = models.DecimalField(_("giãn dòng"), max_digits=3, decimal_places=2, default=1.15)
    paragraph_spacing_pt = models.PositiveSmallIntegerField(_("cách đoạn (pt)"), default=6)
    first_line_indent_cm = models.DecimalField(
        _("thụt đầu dòng (cm)"), max_digits=4, decimal_places=2, default=1.27
    )
    margin_top_mm = models.PositiveSmallIntegerField(_("lề trên (mm)"), default=20)
    margin_bottom_mm = models.PositiveSmallIntegerField(_("lề dưới (mm)"), default=20)
    margin_left_mm = models.PositiveSmallIntegerField(_("lề trái (mm)"), default=30)
    margin_right_mm = models.PositiveSmallIntegerField(_("lề phải (mm)"), default=15)
    section_heading_style = models.CharField(
        _("kiểu đề mục cấp I"), max_length=16, choices=HeadingStyle.choices, default=HeadingStyle.BOLD
    )
    subsection_heading_style = models.CharField(
        _("kiểu đề mục cấp 1"), max_length=16, choices=HeadingStyle.choices, default=HeadingStyle.BOLD
    )

    class Meta:
        verbose_name = _("thể thức văn bản")
        verbose_name_plural = _("thể thức văn bản")
        constraints = [
            models.CheckConstraint(
                condition=Q(font_size_pt__gte=11) & Q(font_size_pt__lte=15), name="layout_font_size_range"
            ),
            models.CheckConstraint(
                condition=Q(margin_top_mm__lte=40)
                & Q(margin_bottom_mm__lte=40)
                & Q(margin_left_mm__lte=40)
                & Q(margin_right_mm__lte=40),
                name="layout_margins_range",
            ),
        ]

    def __str__(self):
        return f"{self.issuing_body_line} — {self.parent_body_line}"


class FinalReport(models.Model):
    """The formal report of a conference (báo cáo kết quả giao ban): the parts the record does not
    say. The body comes from the record (conferences/composition.py)."""

    # The fields staff edit (the form and final_report_update); the body comes from the record.
    EDITABLE_FIELDS = [
        "number",
        "code",
        "parent_body_line",
        "issuing_body_line",
        "place_name",
        "date",
        "title",
        "subject",
        "opening",
        "closing",
        "signer_authority",
        "signer_body",
        "signer_authority_2",
        "signer_body_2",
        "signer_title",
        "signer_name",
        "recipients",
    ]

    class Authority(models.TextChoices):
        """How the signer signs (Decree 30/2020, Appendix I): on behalf of a collective body, for
        the head as a deputy, as acting head, or by order of the head."""

        ON_BEHALF = "TM.", _("TM. (thay mặt)")
        DEPUTY = "KT.", _("KT. (ký thay)")
        ACTING = "Q.", _("Q. (quyền)")
        BY_ORDER = "TL.", _("TL. (thừa lệnh)")
        NONE = "", _("Không")

    conference = models.OneToOneField(
        Conference, verbose_name=_("hội nghị"), on_delete=models.PROTECT, related_name="final_report"
    )
    number = models.CharField(_("số"), max_length=20, blank=True, help_text=_("Ví dụ: 12"))
    # The letterhead of this report; empty: the issuing unit's (its layout, else the tree).
    parent_body_line = models.TextField(
        _("tên cơ quan cấp trên"),
        blank=True,
        max_length=255,
        help_text=_("Có thể xuống dòng. Để trống: theo đơn vị ban hành."),
    )
    issuing_body_line = models.TextField(
        _("tên cơ quan ban hành"),
        blank=True,
        max_length=255,
        help_text=_("Có thể xuống dòng. Để trống: theo đơn vị ban hành."),
    )
    code = models.CharField(_("ký hiệu"), max_length=60, default="BC-MTTQ-BTT")
    place_name = models.CharField(
        _("địa danh"), max_length=100, blank=True, help_text=_("Để trống: lấy theo thể thức của đơn vị.")
    )
    date = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("tên loại văn bản"), max_length=60, default="BÁO CÁO")
    subject = models.CharField(_("trích yếu"), max_length=500)
    opening = models.TextField(
        _("đoạn mở đầu"), blank=True, help_text=_("Để trống: lấy theo biên bản hội nghị.")
    )
    closing = models.TextField(
        _("đoạn kết"), blank=True, help_text=_("Để trống: lấy theo biên bản hội nghị.")
    )
    signer_authority = models.CharField(
        _("thẩm quyền ký"), max_length=4, choices=Authority.choices, blank=True, default=Authority.ON_BEHALF
    )
    signer_body = models.CharField(
        _("thay mặt / ký thay"),
        max_length=100,
        default="BAN THƯỜNG TRỰC",
        help_text=_("Ví dụ: BAN THƯỜNG TRỰC"),
    )
    # A second authority line under the first: "TM. BAN THƯỜNG TRỰC" / "KT. CHỦ TỊCH".
    signer_authority_2 = models.CharField(
        _("thẩm quyền ký (dòng 2)"), max_length=4, choices=Authority.choices, blank=True, default=""
    )
    signer_body_2 = models.CharField(
        _("dòng thẩm quyền thứ hai"), max_length=100, blank=True, help_text=_("Ví dụ: CHỦ TỊCH")
    )
    signer_title = models.CharField(
        _("chức vụ người ký"),
        max_length=100,
        blank=True,
        default="CHỦ TỊCH",
        help_text=_("Để trống chỉ khi dòng thẩm quyền cuối là Q. (quyền)."),
    )
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    recipients = models.TextField(_("nơi nhận"), help_text=_("Mỗi dòng một nơi nhận; dòng cuối: Lưu: VT."))
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo kết quả giao ban")
        verbose_name_plural = _("báo cáo kết quả giao ban")

    def __str__(self):
        return f"{self.title} {self.subject}"

    @property
    def reference(self):
        """ "12/BC-MTTQ-BTT"; an unnumbered report keeps room for the number."""
        return f"{self.number or UNNUMBERED}/{self.code}"

    @property
    def authority_lines(self):
        """The signature block's authority lines, in capitals: "TM. BAN THƯỜNG TRỰC", "KT. CHỦ TỊCH"."""
        lines = []
        for authority, body in (
            (self.signer_authority, self.signer_body),
            (self.signer_authority_2, self.signer_body_2),
        ):
            text = " ".join(part for part in (authority, (body or "").strip().upper()) if part)
            if text:
                lines.append(text)
        return lines

    @property
    def signature_lines(self):
        """Every line of the signature block above the signer's name."""
        title = (self.signer_title or "").strip().upper()
        return self.authority_lines + ([title] if title else [])

    @property
    def signed_title(self):
        """The title the signer signs with: the title line, else an acting title ("Q. CHỦ TỊCH")."""
        lines = self.signature_lines
        return lines[-1] if lines else ""

    def clean(self):
        super().clean()
        errors = {}
        if self.signer_authority and not (self.signer_body or "").strip():
            errors["signer_body"] = _("Ghi tập thể hoặc chức vụ sau %(a)s, ví dụ: BAN THƯỜNG TRỰC.") % {
                "a": self.signer_authority
            }
        if self.signer_authority_2:
            if self.signer_authority_2 == self.Authority.ON_BEHALF:
                errors["signer_authority_2"] = _("TM. (thay mặt tập thể) chỉ ghi ở dòng thẩm quyền thứ nhất.")
            elif not self.signer_authority:
                errors["signer_authority_2"] = _(
                    "Dòng thẩm quyền thứ hai cần dòng thứ nhất, ví dụ: TM. BAN THƯỜNG TRỰC."
                )
            elif not (self.signer_body_2 or "").strip():
                errors["signer_body_2"] = _("Ghi chức vụ sau %(a)s, ví dụ: CHỦ TỊCH.") % {
                    "a": self.signer_authority_2
                }
        elif (self.signer_body_2 or "").strip():
            errors["signer_authority_2"] = _("Chọn thẩm quyền của dòng thứ hai (KT., Q. hoặc TL.).")
        last = self.signer_authority_2 or self.signer_authority
        if not (self.signer_title or "").strip() and last != self.Authority.ACTING:
            errors["signer_title"] = _("Ghi chức vụ người ký, ví dụ: CHỦ TỊCH, PHÓ CHỦ TỊCH.")
        if errors:
            raise ValidationError(errors)

    @property
    def recipient_lines(self):
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class RenderJob(models.Model):
    """One request for a PDF of a final report, run by a Celery worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RENDERING = "rendering", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Không thành công")

    final_report = models.ForeignKey(FinalReport, on_delete=models.CASCADE, related_name="render_jobs")
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="jobs",
        help_text=_("Bản PDF tạo được; một bản giống hệt phiên bản mới nhất dùng lại phiên bản đó."),
    )

    class Meta:
        verbose_name = _("yêu cầu tạo bản PDF")
        verbose_name_plural = _("yêu cầu tạo bản PDF")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="renderjob_status_lease")]

    def __str__(self):
        return f"{self.final_report} — {self.get_status_display()}"

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RENDERING)


def version_upload_to(instance, filename):
    return f"reports/final/{instance.final_report_id}/{filename}"


class ReportVersion(models.Model):
    """A rendered PDF of a final report. Never changes once stored; approval is recorded once."""

    final_report = models.ForeignKey(FinalReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp PDF"), upload_to=version_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    page_count = models.PositiveIntegerField(_("số trang"), default=0)
    report_revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    # What this PDF prints where approval needs something filled (recorded when it is rendered).
    doc_number = models.CharField(_("số"), max_length=20, blank=True)
    doc_code = models.CharField(_("ký hiệu"), max_length=60, blank=True)
    place_name = models.CharField(_("địa danh"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=100, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("thời điểm phê duyệt"), null=True, blank=True)
    # An approved version stays in force until a newer version of the same report is approved.
    replaced_at = models.DateTimeField(_("thời điểm bị thay thế"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("thay thế bằng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaces",
    )

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["final_report", "number"], name="reportversion_unique_number"),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True, approved_by__isnull=True)
                | Q(approved_at__isnull=False),
                name="reportversion_approval_complete",
            ),
            # At most one approved version in force per report, whatever the application does.
            models.UniqueConstraint(
                fields=["final_report"],
                condition=Q(approved_at__isnull=False, replaced_at__isnull=True),
                name="reportversion_one_in_force",
            ),
            # Only an approved version is replaced, and always by a named version.
            models.CheckConstraint(
                condition=Q(replaced_at__isnull=True, replaced_by__isnull=True)
                | Q(replaced_at__isnull=False, replaced_by__isnull=False, approved_at__isnull=False),
                name="reportversion_replaced_when_approved",
            ),
        ]

    def __str__(self):
        return f"{self.final_report} — phiên bản {self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A report version is immutable; approve it with report_version_approve().")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A report version is never deleted.")

    @property
    def is_approved(self):
        return self.approved_at is not None

    @property
    def is_replaced(self):
        return self.replaced_at is not None

    @property
    def is_in_force(self):
        """The official version of its report: approved and not replaced by a newer approval."""
        return self.is_approved and not self.is_replaced

    @property
    def reference(self):
        return f"{self.doc_number or UNNUMBERED}/{self.doc_code}" if self.doc_code else ""

    @property
    def download_name(self):
        return f"bao-cao-{self.final_report.conference.date:%Y-%m-%d}-v{self.number}.pdf"
