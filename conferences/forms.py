import datetime
import json
from collections import Counter

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conferences.models import (
    AgendaItem,
    AttendanceGroup,
    Conference,
    Difficulty,
    DiscussionOpinion,
    DraftOpinion,
    ProposedTask,
)
from frontwork.accounts.access import hosting_units, units_for
from frontwork.accounts.models import Unit
from frontwork.forms import TextHygiene

# The order in which unit pickers list the groups of the tree (as the report names them).
UNIT_GROUP_ORDER = [
    Unit.Kind.STANDING_BOARD,
    Unit.Kind.MEMBER_ORGANISATION,
    Unit.Kind.DEPARTMENT,
    Unit.Kind.DISTRICT_COMMITTEE,
    Unit.Kind.COMMUNE_COMMITTEE,
    Unit.Kind.RESIDENTIAL_AREA,
    Unit.Kind.PROVINCIAL_COMMITTEE,
    *Unit.AUTHORITY_KINDS,
    Unit.Kind.CENTRAL,
]
# The issuing host: a Front committee at any level (the central committee too) or a standing board.
HOST_KINDS = [Unit.Kind.STANDING_BOARD, *Unit.COMMITTEE_KINDS]
UNIT_REFUSED = _("Đơn vị không tồn tại, không thuộc phạm vi của bạn hoặc không hoạt động vào ngày họp.")
EARLIEST_DATE = datetime.date(1990, 1, 1)
UNIT_PICKER_TEMPLATE = "conferences/widgets/unit_picker_field.html"


class UnitPicker(forms.CheckboxSelectMultiple):
    """Check boxes grouped by kind of unit, with a "select the whole group" button per group."""

    template_name = "conferences/widgets/unit_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        kinds = {str(label): kind for kind, label in Unit.Kind.choices}
        context["widget"]["groups"] = [
            (label, kinds.get(str(label), ""), options)
            for label, options, _ in context["widget"]["optgroups"]
        ]
        return context


def grouped_unit_choices(units):
    groups = {}
    for unit, label in zip(units, unit_labels(units), strict=True):
        groups.setdefault(unit.kind, []).append((unit.pk, label))
    ordered = [kind for kind in UNIT_GROUP_ORDER if kind in groups]
    ordered += [kind for kind in groups if kind not in ordered]
    return [(Unit.Kind(kind).label, groups[kind]) for kind in ordered]


def unit_labels(units):
    """The units' labels, a body's committee added where two share one: every committee's
    standing board is "Ban Thường trực", and a commune's pickers offer its own and its province's."""
    counts = Counter(unit.label for unit in units)
    shared = {u.committee_id for u in units if counts[u.label] > 1 and u.committee_id not in (None, u.pk)}
    committees = Unit.objects.in_bulk(shared) if shared else {}
    return [
        f"{unit.label} ({committees[unit.committee_id].label})"
        if counts[unit.label] > 1 and unit.committee_id in committees and unit.committee_id != unit.pk
        else unit.label
        for unit in units
    ]


def unit_field_setup(field, units):
    """Restrict a unit field to `units` (a list), show them grouped by kind, refuse anything else
    with a clear message."""
    field.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in units])
    choices = grouped_unit_choices(units)
    if isinstance(field, forms.ModelMultipleChoiceField):
        field.widget = UnitPicker()
        field.widget.choices = choices
    else:
        field.widget.choices = [("", "---------"), *choices]
    field.error_messages = {
        **field.error_messages,
        "invalid_choice": UNIT_REFUSED,
        "invalid_pk_value": UNIT_REFUSED,
    }


class ItemForm(TextHygiene, forms.ModelForm):
    """Base form of the items edited through the generic editor (conferences.editing).

    Subclasses name their unit fields in `unit_fields` ({field name: kinds or None for all}); the
    choices are the units the user may use that are active on the conference date."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit_fields = {}
    layout = ()

    def __init__(self, *args, conference, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        if self.unit_fields:
            usable = list(units_for(user, conference.date, host=conference.host_unit).order_by("path"))
            for name, kinds in self.unit_fields.items():
                unit_field_setup(self.fields[name], [u for u in usable if kinds is None or u.kind in kinds])
        first = next(iter(self.layout or self.fields))
        first = first[0] if isinstance(first, tuple) else first
        self.fields[first].widget.attrs["autofocus"] = True  # typing starts at once (htmx focuses it)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*self.get_layout())

    def get_layout(self):
        items = []
        for name in self.layout or [n for n in self.fields if n != "version"]:
            if isinstance(name, tuple):
                items.append(Row(*[Column(n, css_class="col-sm-6 col-lg-4") for n in name]))
            elif name in self.unit_fields and isinstance(self.fields[name], forms.ModelMultipleChoiceField):
                items.append(Field(name, template=UNIT_PICKER_TEMPLATE))
            else:
                items.append(name)
        items.append("version")
        return items


def text_widget(rows=3):
    return forms.Textarea(attrs={"rows": rows})


# From this day local government has two levels: a province's committees below it are communes.
REFORM_DATE = datetime.date(2025, 7, 1)
FRONT_NAME = "Ủy ban Mặt trận Tổ quốc Việt Nam"
AREA_WORDS = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")


def _area_word(committee, level):
    """ "tỉnh", "thành phố", "huyện", "quận", "xã", "phường"… as the committee's name says it."""
    rest = committee.name.split("Việt Nam", 1)[-1].strip().lower() if committee else ""
    word = next((w for w in AREA_WORDS if rest == w or rest.startswith(w + " ")), "")
    return word or {"province": "tỉnh", "district": "huyện", "commune": "xã"}.get(level, "")


def attendance_descriptions(host_unit, day):
    """The wording the report proposes for each attendance group, by the level of the host's
    committee (the seed's, for a province before 1 July 2025); a group that the level does not
    have (districts below a commune) proposes nothing."""
    level = host_unit.level if host_unit else None
    committee = host_unit.committee if host_unit and host_unit.committee_id else None
    if level == "central":
        return {
            AttendanceGroup.Kind.STANDING_BOARD: "các đồng chí trong Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
            AttendanceGroup.Kind.MEMBER_ORGANISATIONS: "lãnh đạo các tổ chức thành viên",
            AttendanceGroup.Kind.DEPARTMENTS: "lãnh đạo các ban, đơn vị cơ quan Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        }
    area = _area_word(committee, level) or "tỉnh"
    descriptions = {
        AttendanceGroup.Kind.STANDING_BOARD: f"các đồng chí trong Ban Thường trực {FRONT_NAME} {area}",
        AttendanceGroup.Kind.MEMBER_ORGANISATIONS: f"lãnh đạo các tổ chức đoàn thể {area}",
        AttendanceGroup.Kind.DEPARTMENTS: f"lãnh đạo các Ban, Văn phòng {FRONT_NAME} {area}",
    }
    if level == "district":
        descriptions[AttendanceGroup.Kind.DEPARTMENTS] = f"cán bộ cơ quan {FRONT_NAME} {area}"
        descriptions[AttendanceGroup.Kind.COMMUNE_COMMITTEES] = (
            f"Ban Thường trực Ủy ban Mặt trận các xã, phường, thị trấn trên địa bàn {area}"
        )
    elif level == "commune":
        descriptions[AttendanceGroup.Kind.DEPARTMENTS] = f"cán bộ, công chức {FRONT_NAME} {area}"
        descriptions[AttendanceGroup.Kind.COMMUNE_COMMITTEES] = "Trưởng Ban công tác Mặt trận các khu dân cư"
    elif day is not None and day >= REFORM_DATE:
        descriptions[AttendanceGroup.Kind.COMMUNE_COMMITTEES] = (
            f"Ban Thường trực Ủy ban Mặt trận các xã, phường, đặc khu trên địa bàn toàn {area}"
        )
    else:  # a province before the reform: the seed's wording
        descriptions[AttendanceGroup.Kind.DISTRICT_COMMITTEES] = (
            "Ban Thường trực Ủy ban Mặt trận các huyện, thành phố"
        )
        descriptions[AttendanceGroup.Kind.COMMUNE_COMMITTEES] = (
            f"các xã, phường, thị trấn trên địa bàn toàn {area}"
        )
    return descriptions


class AttendanceGroupForm(ItemForm):
    GROUP_UNIT_KINDS = {
        AttendanceGroup.Kind.STANDING_BOARD: {Unit.Kind.STANDING_BOARD},
        AttendanceGroup.Kind.MEMBER_ORGANISATIONS: {Unit.Kind.MEMBER_ORGANISATION},
        AttendanceGroup.Kind.DEPARTMENTS: {Unit.Kind.DEPARTMENT},
        AttendanceGroup.Kind.DISTRICT_COMMITTEES: {Unit.Kind.DISTRICT_COMMITTEE},
        AttendanceGroup.Kind.COMMUNE_COMMITTEES: {Unit.Kind.COMMUNE_COMMITTEE, Unit.Kind.RESIDENTIAL_AREA},
    }
    # The report's own wording (the value goes into the Vietnamese report), so not translated:
    # attendance_descriptions() above, by the host's level.
    unit_fields = {"units": None}
    layout = ("kind", "description", "units", ("people_count", "site_count"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page shows only the units of the chosen group (static/js/entry.js).
        self.fields["kind"].widget.attrs["data-unit-kinds"] = json.dumps(
            {group: sorted(kinds) for group, kinds in self.GROUP_UNIT_KINDS.items()}
        )
        # …and proposes the wording the report uses for the group while the field is empty, by
        # the level of the host's committee.
        self.fields["kind"].widget.attrs["data-descriptions"] = json.dumps(
            attendance_descriptions(self.conference.host_unit, self.conference.date), ensure_ascii=False
        )

    class Meta:
        model = AttendanceGroup
        fields = ["kind", "description", "units", "people_count", "site_count"]
        widgets = {"description": forms.TextInput()}
        help_texts = {
            "description": _("Ví dụ: lãnh đạo các tổ chức thành viên."),
            "site_count": _("Số điểm cầu của nhóm này (nếu họp trực tuyến)."),
        }

    def clean(self):
        data = super().clean()
        kinds = self.GROUP_UNIT_KINDS.get(data.get("kind"))
        if kinds and data.get("units"):
            strangers = [u.label for u in data["units"] if u.kind not in kinds]
            if strangers:
                self.add_error(
                    "units",
                    _("Không thuộc nhóm “%(group)s”: %(units)s.")
                    % {"group": AttendanceGroup.Kind(data["kind"]).label, "units": ", ".join(strangers)},
                )
        sites = data.get("site_count")
        if sites and self.conference.site_count and sites > self.conference.site_count:
            self.add_error(
                "site_count",
                _("Nhiều hơn số điểm cầu của hội nghị (%(n)s).") % {"n": self.conference.site_count},
            )
        return data


class AgendaItemForm(ItemForm):
    unit_fields = {"presenters": None}

    class Meta:
        model = AgendaItem
        fields = ["text", "presenter_name", "presenter_title", "presenters"]
        widgets = {"text": text_widget(2)}


class DraftOpinionForm(ItemForm):
    class Meta:
        model = DraftOpinion
        fields = ["draft_title", "verdict", "tasks_intro"]
        widgets = {
            "draft_title": forms.TextInput(),
            "verdict": text_widget(2),
            "tasks_intro": forms.TextInput(),
        }
        help_texts = {"tasks_intro": _("Ví dụ: Ý kiến đề nghị bổ sung một số nhiệm vụ trong năm 2017:")}


class ProposedTaskForm(ItemForm):
    unit_fields = {"raised_by": None}

    class Meta:
        model = ProposedTask
        fields = ["text", "raised_by"]
        widgets = {"text": text_widget(2)}


class DifficultyForm(ItemForm):
    unit_fields = {"raised_by": None}

    class Meta:
        model = Difficulty
        fields = ["text", "raised_by"]
        widgets = {"text": text_widget(3)}


class DiscussionOpinionForm(ItemForm):
    unit_fields = {"raised_by": None}

    class Meta:
        model = DiscussionOpinion
        fields = ["speaker", "raised_by", "text", "answered_on_spot", "answered_by", "answer"]
        widgets = {"text": text_widget(3), "answer": text_widget(2), "speaker": forms.TextInput()}


# --- the conference itself --------------------------------------------------------------------


class ConferenceForm(TextHygiene, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Conference
        fields = [
            "kind",
            "period",
            "period_number",
            "period_year",
            "subject",
            "date",
            "start_time",
            "format",
            "site_count",
            "location",
            "host_unit",
            "co_hosts",
            "chair",
            "directing",
            "follows_up",
            "status",
            "results_heading",
            "recommendations_intro",
            "conclusions_heading",
            "conclusions_intro",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "recommendations_intro": text_widget(2),
            "conclusions_intro": text_widget(3),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        usable = list(units_for(user).order_by("path"))
        units = list(hosting_units(user).filter(kind__in=HOST_KINDS).order_by("path"))
        unit_field_setup(self.fields["host_unit"], units)
        # Co-hosts: any unit the user may pick (another Front committee, a People's Committee, the
        # committees of a cluster…); those not active on the date are refused in clean().
        unit_field_setup(self.fields["co_hosts"], usable)
        self.fields["period"].choices = [("", _("Không theo kỳ")), *Conference.Period.choices]
        # The conference followed up: an earlier one the user's committee hosted.
        earlier = Conference.objects.filter(host_unit__in=units).select_related("host_unit")
        if self.instance.pk:
            earlier = earlier.exclude(pk=self.instance.pk).filter(date__lt=self.instance.date)
        self.fields["follows_up"].queryset = earlier.order_by("-date", "-pk")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        elif not self.is_bound:
            boards = [u for u in units if u.kind == Unit.Kind.STANDING_BOARD]
            if boards:
                self.initial.setdefault("host_unit", boards[0].pk)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("kind", css_class="col-sm-6 col-lg-4"),
                Column("period", css_class="col-sm-6 col-lg-3"),
                Column("period_number", css_class="col-sm-6 col-lg-2"),
                Column("period_year", css_class="col-sm-6 col-lg-3"),
            ),
            Row(
                Column("date", css_class="col-sm-6 col-lg-4"),
                Column("start_time", css_class="col-sm-6 col-lg-3"),
                Column("status", css_class="col-lg-5"),
            ),
            "subject",
            Row(
                Column("format", css_class="col-sm-6 col-lg-4"),
                Column("site_count", css_class="col-sm-6 col-lg-2"),
                Column("location", css_class="col-lg-6"),
            ),
            Row(Column("host_unit", css_class="col-lg-6"), Column("chair", css_class="col-lg-6")),
            Field("co_hosts", template=UNIT_PICKER_TEMPLATE),
            "directing",
            "follows_up",
            "results_heading",
            "recommendations_intro",
            "conclusions_heading",
            "conclusions_intro",
            "version",
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        latest = timezone.localdate().replace(year=timezone.localdate().year + 2)
        if not EARLIEST_DATE <= date <= latest:
            raise forms.ValidationError(
                _("Ngày họp không hợp lý: phải trong khoảng từ %(first)s đến %(last)s.")
                % {"first": EARLIEST_DATE.strftime("%d/%m/%Y"), "last": latest.strftime("%d/%m/%Y")}
            )
        return date

    def clean(self):
        data = super().clean()
        date, year = data.get("date"), data.get("period_year")
        if date and year and abs(year - date.year) > 1:
            self.add_error("period_year", _("Năm của kỳ không khớp với ngày họp (%(y)s).") % {"y": date.year})
        # The period's rules are the model's (Conference.check_period), run by _post_clean.
        host = data.get("host_unit")
        if host and date and not host.is_active_on(date):
            self.add_error("host_unit", _("Đơn vị này không hoạt động vào ngày họp."))
        co_hosts = list(data.get("co_hosts") or [])
        if host and host in co_hosts:
            self.add_error("co_hosts", _("Đơn vị chủ trì tổ chức không đồng thời là đơn vị phối hợp."))
        inactive = [unit.label for unit in co_hosts if date and not unit.is_active_on(date)]
        if inactive:
            self.add_error(
                "co_hosts",
                _("Không hoạt động vào ngày họp: %(units)s.") % {"units": ", ".join(inactive)},
            )
        status = data.get("status")
        if (
            date
            and date > timezone.localdate()
            and status in (Conference.Status.HELD, Conference.Status.CLOSED)
        ):
            self.add_error("status", _("Hội nghị chưa diễn ra: trạng thái phải là “Dự kiến”."))
        if data.get("format") == Conference.Format.IN_PERSON and data.get("site_count"):
            self.add_error("site_count", _("Hội nghị trực tiếp không có điểm cầu; hãy để trống."))
        return data


class ConferenceFilterForm(TextHygiene, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    # A number, not a choice among the user's years: those come with the count of the matches,
    # after the form is read (selectors.conference_search); `offer_years` gives the options.
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1900, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + Conference.Kind.choices
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả"))] + Conference.Status.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_choices = [("", _("Mọi năm"))]
        self.fields["q"].widget.attrs["placeholder"] = _("Nội dung, địa điểm, chủ trì…")

    def offer_years(self, years):
        """The options of the year filter: every year of the user's conferences."""
        self.year_choices = [("", _("Mọi năm"))] + [(str(y), str(y)) for y in years]
