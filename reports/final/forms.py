import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from frontwork.forms import TextHygiene
from frontwork.text import nfc
from reports.final.document import unit_letterhead
from reports.final.models import FinalReport
from reports.final.selectors import layout_settings_for

# --- final report ---

KEEP_LAST_RECIPIENT = "Lưu: VT."


def _halves(left, right):
    return Row(Column(left, css_class="col-md-6"), Column(right, css_class="col-md-6"))


# The report form's fields as laid out, made once (with its columns' attributes, a third of the
# form's construction) and shared by every form: crispy's rows and columns keep nothing of a form
# (only an input's render changes the input, and the Submit is made per form); never change them
# through a form's helper.
LAYOUT_ROWS = (
    _halves("parent_body_line", "issuing_body_line"),
    Row(
        Column("number", css_class="col-md-3"),
        Column("code", css_class="col-md-5"),
        Column("date", css_class="col-md-4"),
    ),
    _halves("place_name", "title"),
    "subject",
    "opening",
    "closing",
    _halves("signer_authority", "signer_body"),
    _halves("signer_authority_2", "signer_body_2"),
    _halves("signer_title", "signer_name"),
)


class FinalReportForm(TextHygiene, forms.ModelForm):
    """The parts of the final report that are not in the record. Opening and closing start as the
    text composed from the record; left unchanged, they keep following the record."""

    class Meta:
        model = FinalReport
        fields = FinalReport.EDITABLE_FIELDS
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "opening": forms.Textarea(attrs={"rows": 5}),
            "closing": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 6}),
            "parent_body_line": forms.Textarea(attrs={"rows": 2}),
            "issuing_body_line": forms.Textarea(attrs={"rows": 2}),
        }

    # The revision the page was opened on: a save over someone else's later one is refused.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, composed=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.composed = composed or {}
        # The letterhead starts as the issuing unit's (its layout, else the tree); left unchanged,
        # it keeps following the unit.
        self.layout = layout = layout_settings_for(self.instance.conference.host_unit)
        parent, issuing = unit_letterhead(layout)
        self.composed.update(parent_body_line=parent.upper(), issuing_body_line=issuing.upper())
        self.initial.setdefault("revision", self.instance.revision)
        for name in ("opening", "closing", "parent_body_line", "issuing_body_line"):
            if not self.initial.get(name):
                self.initial[name] = self.composed.get(name, "")
        self.fields["number"].widget.attrs["inputmode"] = "numeric"
        for field in self.fields.values():
            # Translated once for this form: a lazy label or help text is translated again each
            # time it is read (the label three times over, through capfirst), and the cleaning,
            # the bound fields and the field's HTML read each several times.
            if field.label is not None:
                field.label = str(field.label)
            field.help_text = str(field.help_text)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.field_template = "includes/crispy_field.html"  # bootstrap5/field.html, faster
        self.helper.layout = Layout(*LAYOUT_ROWS, "recipients", "revision", Submit("save", _("Lưu báo cáo")))

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = nfc(value.strip())
        for name in ("parent_body_line", "issuing_body_line"):
            if name in data:  # one line per line typed, in capitals, as printed
                lines = (" ".join(line.split()) for line in data[name].splitlines())
                data[name] = "\n".join(line.upper() for line in lines if line)
        for name in ("opening", "closing", "parent_body_line", "issuing_body_line"):
            # Unchanged text keeps following the record.
            if data.get(name, "") == nfc(self.composed.get(name, "")):
                data[name] = ""
        return data

    def clean_date(self):
        date = self.cleaned_data["date"]
        held = self.instance.conference.date
        if date < held:
            raise forms.ValidationError(
                _("Ngày ban hành không được trước ngày họp (%(d)s).") % {"d": held.strftime("%d/%m/%Y")}
            )
        if date > held + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Ngày ban hành quá xa ngày họp (hơn 1 năm)."))
        return date

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if number and not number.isdigit():
            raise forms.ValidationError(_("Số văn bản chỉ gồm chữ số, ví dụ: 12."))
        return number

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code.startswith("/") or " " in code:
            raise forms.ValidationError(_("Ký hiệu viết liền, không có dấu cách, ví dụ: BC-MTTQ-BTT."))
        return code

    def clean_recipients(self):
        lines = []
        for line in self.cleaned_data["recipients"].splitlines():
            line = line.strip().lstrip("-–•").strip()
            if line:
                lines.append(line)
        if not lines:
            raise forms.ValidationError(_("Cần ít nhất một nơi nhận."))
        lines = [line for line in lines if line.rstrip(".;") != KEEP_LAST_RECIPIENT.rstrip(".")]
        lines.append(KEEP_LAST_RECIPIENT)
        return "\n".join(lines)
