"""What every form of the site shares: text hygiene at the door.

`TextHygiene` is a mixin of every form class (tests/test_text_hygiene.py checks it): each text
field (a `CharField`, whatever its subclass) refuses the control characters that no export can
hold, and a one-line field (any widget but a text area) refuses line breaks too, each with a
message naming the field. The JSON import goes through the same forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils.translation import gettext_lazy as _

from frontwork.text import forbidden_character

CONTROL_CHARACTER = _(
    "“%(field)s” chứa ký tự điều khiển không được phép (%(code)s), thường do dán từ văn bản khác; "
    "hãy xóa ký tự đó rồi lưu lại."
)
LINE_BREAK = _("“%(field)s” chỉ được viết trên một dòng: hãy bỏ dấu xuống dòng.")


class TextValidator:
    """Refuses control characters (and line breaks in a one-line field); the message names the field."""

    def __init__(self, label, *, one_line):
        self.label = label
        self.one_line = one_line

    def __call__(self, value):
        if not isinstance(value, str):
            return
        found = forbidden_character(value, one_line=self.one_line)
        if found is None:
            return
        if found in "\r\n":
            raise ValidationError(LINE_BREAK, code="line_break", params={"field": self.label})
        raise ValidationError(
            CONTROL_CHARACTER,
            code="control_character",
            params={"field": self.label, "code": f"U+{ord(found):04X}"},
        )


def guard_text_fields(form):
    """Adds the text validator to each text field of `form` (once; fields are the form's own copies)."""
    for name, field in form.fields.items():
        if isinstance(field, forms.CharField) and not any(
            isinstance(v, TextValidator) for v in field.validators
        ):
            one_line = not isinstance(field.widget, forms.Textarea)
            field.validators.append(TextValidator(field.label or pretty_name(name), one_line=one_line))


class TextHygiene:
    """Form mixin: text fields refuse control characters, one-line fields line breaks. The
    validators are added when the form is cleaned, so fields a form sets up in its `__init__`
    are covered too."""

    def full_clean(self):
        guard_text_fields(self)
        super().full_clean()


class ModelForm(TextHygiene, forms.ModelForm):
    """Base of model forms built by `modelform_factory(..., form=ModelForm)`."""
