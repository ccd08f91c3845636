"""Forms of the follow-up steps of recommendations and directives. (The registers' filters are in
filters.py; entry forms of the conference record live elsewhere.)"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontwork.accounts.access import units_for
from frontwork.accounts.models import Unit
from frontwork.forms import TextHygiene
from frontwork.widgets import Select
from recommendations.models import CompletionReport, Recommendation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class _Styled(TextHygiene, forms.Form):
    """Bootstrap classes on every widget (the templates render fields one by one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs.setdefault("class", css)


class ForwardForm(_Styled):
    forwarded_on = forms.DateField(label=_("Ngày chuyển"), widget=DateInput(), initial=timezone.localdate)
    number = forms.CharField(
        label=_("Số văn bản chuyển"), max_length=100, help_text=_("Ví dụ: 25/CV-MTTQ-BTT")
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(_Styled):
    replied_on = forms.DateField(label=_("Ngày trả lời"), widget=DateInput(), initial=timezone.localdate)
    reply_text = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 4}))
    number = forms.CharField(label=_("Số văn bản trả lời"), max_length=100, required=False)
    attachment = forms.FileField(label=_("Tệp văn bản trả lời"), required=False)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerAtConferenceForm(_Styled):
    answered_by = forms.CharField(
        label=_("Người trả lời"),
        max_length=255,
        help_text=_("Ví dụ: đồng chí Trần Văn C, Chủ tịch Ủy ban nhân dân phường."),
    )
    answer = forms.CharField(label=_("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(_Styled):
    note = forms.CharField(
        label=_("Ghi chú / lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignForm(_Styled):
    department = forms.ModelChoiceField(
        label=_("Ban theo dõi"),
        queryset=None,
        required=False,
        widget=Select,
        error_messages={
            "invalid_choice": _("Ban không tồn tại, không thuộc phạm vi của bạn hoặc không còn hoạt động."),
        },
    )
    due_date = forms.DateField(label=_("Thời hạn trả lời"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units_for(user, timezone.localdate()).of_kind(
            Unit.Kind.DEPARTMENT
        )


class LinkPreviousForm(_Styled):
    previous = forms.ModelChoiceField(
        label=_("Kiến nghị lần trước"), queryset=Recommendation.objects.none(), required=False, widget=Select
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = queryset


class CompletionReportForm(_Styled):
    result = forms.ChoiceField(
        label=_("Kết quả"), choices=CompletionReport.Result.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 4}))
    reported_on = forms.DateField(label=_("Ngày báo cáo"), widget=DateInput(), initial=timezone.localdate)


class DirectiveDueForm(_Styled):
    due_date = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput())
