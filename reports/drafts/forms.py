from django import forms
from django.utils.translation import gettext_lazy as _

from conferences.access import conferences_held_by
from conferences.forms import UNIT_REFUSED
from frontwork.accounts.access import units_for
from frontwork.accounts.models import Unit
from frontwork.forms import TextHygiene
from frontwork.widgets import Select
from reports.drafts.models import Comment
from reports.drafts.services import check_round_deadline

ASKABLE_KINDS = [
    Unit.Kind.PROVINCIAL_COMMITTEE,
    Unit.Kind.DISTRICT_COMMITTEE,
    Unit.Kind.COMMUNE_COMMITTEE,
    Unit.Kind.MEMBER_ORGANISATION,
]


class _TextOrFileForm(TextHygiene, forms.Form):
    file = forms.FileField(
        label=_("Tệp Word (.docx)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
        help_text=_("Mỗi đoạn trong tệp thành một đoạn để góp ý. Tệp gốc vẫn tải về được."),
    )
    text = forms.CharField(
        label=_("Hoặc soạn nội dung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Các đoạn cách nhau bằng một dòng trống."),
    )

    def clean(self):
        data = super().clean()
        if data.get("file") and (data.get("text") or "").strip() and not self.text_is_prefilled:
            raise forms.ValidationError(_("Chỉ chọn một cách: tải tệp lên hoặc soạn nội dung."))
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Hãy tải lên tệp .docx hoặc nhập nội dung dự thảo."))
        return data

    text_is_prefilled = False


class DraftForm(_TextOrFileForm):
    conference = forms.ModelChoiceField(
        label=_("Hội nghị"),
        queryset=None,
        widget=Select,
        error_messages={
            "invalid_choice": _("Hội nghị không tồn tại hoặc không do ủy ban Mặt trận của bạn tổ chức.")
        },
    )
    title = forms.CharField(
        label=_("Tên dự thảo"),
        max_length=500,
        help_text=_("Ví dụ: Báo cáo công tác Mặt trận năm 2016, phương hướng nhiệm vụ năm 2017"),
    )
    field_order = ["conference", "title", "file", "text"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conference"].queryset = conferences_held_by(user)


class VersionForm(_TextOrFileForm):
    note = forms.CharField(
        label=_("Ghi chú thay đổi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ví dụ: tiếp thu ý kiến của các đơn vị trong đợt góp ý thứ nhất."),
    )
    field_order = ["file", "text", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Hoặc sửa nội dung của phiên bản trước")
        self.fields["text"].help_text = _(
            "Các đoạn cách nhau bằng một dòng trống. Nếu tải tệp lên, nội dung này được bỏ qua."
        )
        self.text_is_prefilled = True


class UnitTreeField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, root_depth=0, **kwargs):
        self.root_depth = root_depth
        super().__init__(*args, **kwargs)

    def label_from_instance(self, unit):
        depth = max(0, len(unit.ancestor_ids()) - self.root_depth - 1)
        return "\u2003" * depth + unit.name


class RoundForm(TextHygiene, forms.Form):
    units = UnitTreeField(
        label=_("Đơn vị được lấy ý kiến"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các Ủy ban MTTQ cấp dưới và tổ chức thành viên hoạt động vào ngày họp."),
        error_messages={
            "required": _("Hãy chọn ít nhất một đơn vị."),
            "invalid_choice": UNIT_REFUSED,
            "invalid_pk_value": UNIT_REFUSED,
        },
    )
    deadline = forms.DateTimeField(
        label=_("Hạn gửi ý kiến"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
    )
    instructions = forms.CharField(
        label=_("Hướng dẫn"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: Đề nghị góp ý cụ thể vào từng phần; đề xuất bổ sung nhiệm vụ năm 2017."),
    )

    def __init__(self, *args, user, conference, **kwargs):
        super().__init__(*args, **kwargs)
        committee = conference.host_unit.committee or conference.host_unit
        units = units_for(user, conference.date, host=conference.host_unit).filter(kind__in=ASKABLE_KINDS)
        # A committee asks the committees below it and its member organisations, never itself.
        self.fields["units"].queryset = units.exclude(pk__in=committee.ancestor_ids()).order_by("path")
        self.fields["units"].root_depth = len(committee.ancestor_ids())

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        check_round_deadline(deadline)
        return deadline


class CommentForm(TextHygiene, forms.Form):
    text = forms.CharField(
        label=_("Ý kiến"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy nhập nội dung góp ý.")},
    )


class TriageForm(TextHygiene, forms.Form):
    decision = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[c for c in Comment.Decision.choices if c[0] != Comment.Decision.PENDING],
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn kết quả tiếp thu.")},
    )
    reply = forms.CharField(
        label=_("Trả lời đơn vị"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
