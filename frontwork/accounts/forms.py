from axes.helpers import get_credentials
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from frontwork.accounts.selectors import login_attempts_left, login_pause_minutes
from frontwork.forms import TextHygiene


class LoginForm(TextHygiene, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý chữ hoa và chữ thường."),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def get_invalid_login_error(self):
        """The usual message, and how many attempts are left before the pause (the same count
        for a user name that exists and one that does not)."""
        message = str(self.error_messages["invalid_login"])
        left = login_attempts_left(self.request, get_credentials(self.cleaned_data.get("username")))
        if left:
            warning = ngettext(
                "Còn %(left)d lần thử trước khi tạm khóa %(minutes)d phút.",
                "Còn %(left)d lần thử trước khi tạm khóa %(minutes)d phút.",
                left,
            ) % {"left": left, "minutes": login_pause_minutes()}
            message = f"{message} {warning}"
        return ValidationError(message, code="invalid_login")
