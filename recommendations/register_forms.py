"""Forms of the registers: filters and follow-up steps. (Entry forms of the conference record live
elsewhere.)"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.access import conferences_visible_to
from conferences.forms import unit_labels
from frontwork.accounts.access import units_for
from frontwork.accounts.models import Unit
from frontwork.forms import TextHygiene
from frontwork.widgets import Select
from recommendations.forms import ADDRESSEE_KINDS
from recommendations.models import CompletionReport, Directive, Recommendation
from recommendations.selectors import visible_years


class UnitFilterField(forms.ModelChoiceField):
    """A unit to filter by, under the short name the registers' tables show (with its committee
    where two units offered share one, as the standing boards of a commune and its province do)."""

    widget = Select

    def __init__(self, label):
        super().__init__(label=label, queryset=None, required=False, empty_label=_("Tất cả"))
        self.labels = {}

    def set_units(self, queryset):
        self.queryset = queryset
        units = list(queryset)
        self.labels = dict(zip((unit.pk for unit in units), unit_labels(units), strict=True))

    def label_from_instance(self, unit):
        return self.labels.get(unit.pk, unit.label)


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


class _FilterForm(_Styled):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, widget=Select, coerce=int, empty_value=None)
    conference = forms.ModelChoiceField(label=_("Hội nghị"), queryset=None, required=False, widget=Select)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, widget=Select)
    overdue = forms.BooleanField(label=_("Chỉ việc quá hạn"), required=False)
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Từ khóa, có dấu hoặc không dấu")}),
    )

    status_choices = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả"))] + [(y, y) for y in visible_years(user)]
        self.fields["conference"].queryset = conferences_visible_to(user, invited=False).order_by("-date")
        self.fields["conference"].empty_label = _("Tất cả")
        self.fields["status"].choices = [("", _("Tất cả"))] + list(self.status_choices)

    @property
    def filters(self):
        return self.cleaned_data if self.is_valid() else {}


class RecommendationFilterForm(_FilterForm):
    addressee = UnitFilterField(_("Cơ quan nhận"))
    department = UnitFilterField(_("Ban theo dõi"))
    raised_by = UnitFilterField(_("Đơn vị kiến nghị"))

    status_choices = Recommendation.Status.choices
    field_order = ["q", "year", "conference", "addressee", "department", "status", "raised_by", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        units = units_for(user)
        self.fields["addressee"].set_units(units.of_kind(*ADDRESSEE_KINDS))  # as in the entry form
        self.fields["department"].set_units(units.of_kind(Unit.Kind.DEPARTMENT))
        self.fields["raised_by"].set_units(units.exclude(kind__in=[*Unit.AUTHORITY_KINDS, Unit.Kind.CENTRAL]))


class DirectiveFilterForm(_FilterForm):
    owner = UnitFilterField(_("Đơn vị thực hiện"))

    status_choices = Directive.Status.choices
    field_order = ["q", "year", "conference", "owner", "status", "overdue"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"].set_units(
            units_for(user).exclude(kind__in=[*Unit.AUTHORITY_KINDS, Unit.Kind.CENTRAL])
        )


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
