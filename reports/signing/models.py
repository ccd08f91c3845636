"""The keys each issuing unit signs with, the signing job of an approved version and the files
issued from it (the signed original and the archival copy), each immutable once stored."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontwork.accounts.models import Unit
from reports.final.models import ReportVersion


def vietnam_iso(moment):
    """ISO 8601 in the interface's time zone (Vietnam time), to the second: 2016-12-27T15:04:05+07:00."""
    return timezone.localtime(moment).replace(microsecond=0).isoformat() if moment else ""


class SigningIdentity(models.Model):
    """The certificates a unit issues its reports with: the competent person's (signer) and the
    organisation's, each a PKCS#12 file on the server. The passphrases are never stored here: the
    fields hold the NAME of an environment variable, or of an entry of the secrets file
    (SIGNING_SECRETS_FILE, lines `NAME=passphrase`), that holds each one."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.CASCADE, related_name="signing_identity"
    )
    organisation_name = models.CharField(
        _("tên tổ chức trên chữ ký"),
        max_length=255,
        help_text=_("In trong hình ảnh chữ ký của tổ chức, ví dụ: Ủy ban MTTQ Việt Nam tỉnh Cao Bằng."),
    )
    signer_pkcs12 = models.CharField(
        _("tệp PKCS#12 của người ký"),
        max_length=500,
        blank=True,
        help_text=_("Đường dẫn trên máy chủ; đường dẫn tương đối tính từ thư mục SIGNING_KEYS_DIR."),
    )
    signer_passphrase_name = models.CharField(
        _("tên biến chứa mật khẩu của người ký"),
        max_length=100,
        blank=True,
        help_text=_("Tên biến môi trường hoặc tên mục trong tệp bí mật; không nhập mật khẩu vào đây."),
    )
    organisation_pkcs12 = models.CharField(_("tệp PKCS#12 của tổ chức"), max_length=500, blank=True)
    organisation_passphrase_name = models.CharField(
        _("tên biến chứa mật khẩu của tổ chức"), max_length=100, blank=True
    )
    signature_image = models.CharField(
        _("ảnh chữ ký tay"),
        max_length=500,
        blank=True,
        help_text=_("Tệp PNG nền trong suốt, màu xanh; để trống: chỉ in họ tên người ký."),
    )
    seal_image = models.CharField(
        _("ảnh con dấu"), max_length=500, help_text=_("Tệp PNG nền trong suốt, màu đỏ, kích thước thật.")
    )
    seal_diameter_mm = models.PositiveSmallIntegerField(_("đường kính con dấu (mm)"), default=36)
    trust_roots = models.CharField(
        _("chứng thư gốc tin cậy"),
        max_length=500,
        help_text=_("Tệp PEM các chứng thư gốc dùng để kiểm tra chữ ký (trang xác minh)."),
    )
    tsa_url = models.URLField(
        _("máy chủ cấp dấu thời gian"),
        blank=True,
        help_text=_("Có: chữ ký PAdES B-T kèm dấu thời gian; để trống: PAdES B-B."),
    )
    pkcs11_module = models.CharField(
        _("thư viện PKCS#11"),
        max_length=500,
        blank=True,
        help_text=_(
            "Có: khóa nằm trên thẻ ký số/HSM (ví dụ /usr/lib/softhsm/libsofthsm2.so), không dùng tệp PKCS#12."
        ),
    )
    pkcs11_token_label = models.CharField(_("nhãn thẻ PKCS#11"), max_length=100, blank=True)
    pkcs11_pin_name = models.CharField(
        _("tên biến chứa mã PIN của thẻ"),
        max_length=100,
        blank=True,
        help_text=_("Tên biến môi trường hoặc tên mục trong tệp bí mật; không nhập mã PIN vào đây."),
    )
    signer_key_label = models.CharField(
        _("nhãn khóa của người ký trên thẻ"), max_length=100, blank=True, help_text=_("Chứng thư cùng nhãn.")
    )
    organisation_key_label = models.CharField(
        _("nhãn khóa của tổ chức trên thẻ"), max_length=100, blank=True, help_text=_("Chứng thư cùng nhãn.")
    )
    is_demo = models.BooleanField(_("khóa thử nghiệm (DEMO)"), default=False)

    class Meta:
        verbose_name = _("chứng thư ký số của đơn vị")
        verbose_name_plural = _("chứng thư ký số của đơn vị")

    def __str__(self):
        return f"{self.organisation_name}{' (DEMO)' if self.is_demo else ''}"


class SigningJob(models.Model):
    """Producing the issued files of one approved version, run by the worker: claimed with a
    conditional update and a lease like a PDF job; a failure keeps its reason and can be retried."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ ký")
        SIGNING = "signing", _("Đang ký")
        DONE = "done", _("Đã ký số")
        FAILED = "failed", _("Ký số không thành công")

    version = models.OneToOneField(
        ReportVersion, verbose_name=_("phiên bản"), on_delete=models.PROTECT, related_name="signing_job"
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu ký số")
        verbose_name_plural = _("yêu cầu ký số")
        indexes = [models.Index(fields=["status", "lease_expires_at"], name="signingjob_status_lease")]

    def __str__(self):
        return f"{self.version} — {self.get_status_display()}"

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.SIGNING)


def issued_upload_to(instance, filename):
    return f"reports/issued/{instance.version.final_report_id}/{filename}"


class IssuedFile(models.Model):
    """A file issued from an approved version: the signed original or the archival copy. Written
    once (the storage file first, under a fresh name, then this row): never changed nor deleted."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Bản gốc điện tử có chữ ký số")
        ARCHIVAL = "archival", _("Bản lưu trữ PDF/A-3u")

    version = models.ForeignKey(
        ReportVersion, verbose_name=_("phiên bản"), on_delete=models.PROTECT, related_name="issued_files"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("tệp PDF"), upload_to=issued_upload_to, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    signed_at = models.DateTimeField(_("thời điểm ký"), null=True, blank=True)
    signer_subject = models.CharField(_("người ký"), max_length=500, blank=True)
    organisation_subject = models.CharField(_("tổ chức ký"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản điện tử đã ban hành")
        verbose_name_plural = _("văn bản điện tử đã ban hành")
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="issuedfile_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.version} — {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("An issued file is immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An issued file is never deleted.")

    @property
    def signed_at_iso(self):
        return vietnam_iso(self.signed_at)

    @property
    def download_name(self):
        suffix = {self.Kind.SIGNED: "ky-so", self.Kind.ARCHIVAL: "luu-tru-pdfa"}[self.kind]
        return f"bao-cao-{self.version.final_report.conference.date:%Y-%m-%d}-v{self.version.number}-{suffix}.pdf"
