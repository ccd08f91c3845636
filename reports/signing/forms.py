from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from frontwork.forms import TextHygiene


class VerifyForm(TextHygiene, forms.Form):
    """A PDF to check, or its SHA-256."""

    file = forms.FileField(label=_("Tệp PDF"), required=False)
    sha256 = forms.CharField(label=_("Hoặc mã SHA-256 của tệp"), required=False, max_length=64, strip=True)

    def clean(self):
        data = super().clean()
        upload, sha = data.get("file"), (data.get("sha256") or "").lower()
        if not upload and not sha:
            raise forms.ValidationError(_("Chọn tệp PDF hoặc nhập mã SHA-256."))
        if upload and upload.size > settings.SIGNING_VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn (tối đa %(mb)s MB).")
                % {"mb": settings.SIGNING_VERIFY_MAX_BYTES // (1024 * 1024)}
            )
        if sha and (len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha)):
            self.add_error("sha256", _("Mã SHA-256 gồm đúng 64 chữ số thập lục phân."))
        data["sha256"] = sha
        return data
