from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conferences import wording
from frontwork.accounts.models import Unit
from frontwork.choices import ChoiceLabels
from frontwork.text import Searchable, SearchableQuerySet

# The kinds held for a period (Conference.PERIODIC_KINDS).
PERIODIC_KINDS = ("briefing", "public_opinion", "cluster")
PERIOD_MISSING = {
    "month": _("Hãy ghi tháng (1–12)."),
    "quarter": _("Hãy ghi quý (1–4)."),
    "half_year": _("Hãy ghi 6 tháng đầu năm (1) hay cuối năm (2)."),
}

# What Unit.label reads: the short name, else the name.
UNIT_LABEL_FIELDS = ("name", "short_name")


def units_named():
    """Units read for their label only, for lists that name them and nothing more: a sixth of a
    unit's columns, a third fewer Python calls a query."""
    return Unit.objects.only(*UNIT_LABEL_FIELDS)


# The change reason on the history entries of items that only made room for a moved item (written
# by services.item_move; the history page skips them).
MOVE_NEIGHBOUR = "move-neighbour"


class ConferenceQuerySet(SearchableQuerySet, models.QuerySet):
    def hosted_within(self, unit):
        return self.filter(host_unit__path__startswith=unit.path)

    def of_year(self, year):
        return self.filter(period_year=year)


class Conference(ChoiceLabels, Searchable, models.Model):
    """One briefing conference (hội nghị giao ban) and the record of its outcome."""

    search_fields = ("subject", "location", "chair")

    class Kind(models.TextChoices):
        BRIEFING = "briefing", _("Giao ban")
        PUBLIC_OPINION = "public_opinion", _("Giao ban dư luận xã hội")
        PEOPLES = "peoples", _("Hội nghị nhân dân, đối thoại")
        CLUSTER = "cluster", _("Giao ban cụm, khu vực")
        THEMATIC = "thematic", _("Hội nghị chuyên đề, đột xuất")

    class Period(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        HALF_YEAR = "half_year", _("6 tháng")
        YEAR = "year", _("Năm")

    # The kinds held for a period (month, quarter, six months, year), which they must name; the
    # others (people's conferences, thematic or ad hoc ones) have none.
    PERIODIC_KINDS = PERIODIC_KINDS
    # The numbers each period takes (None: the year alone).
    PERIOD_NUMBERS = {Period.MONTH: 12, Period.QUARTER: 4, Period.HALF_YEAR: 2, Period.YEAR: None}

    class Format(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        IN_PERSON = "in_person", _("Trực tiếp")
        HYBRID = "hybrid", _("Trực tiếp kết hợp trực tuyến")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CLOSED = "closed", _("Đã hoàn tất")

    kind = models.CharField(_("loại hội nghị"), max_length=16, choices=Kind.choices)
    period = models.CharField(
        _("kỳ"),
        max_length=16,
        choices=Period.choices,
        blank=True,
        help_text=_("Giao ban định kỳ: tháng, quý, 6 tháng hoặc năm; để trống với hội nghị không theo kỳ."),
    )
    period_year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1930), MaxValueValidator(2200)]
    )
    period_number = models.PositiveSmallIntegerField(
        _("kỳ thứ"),
        null=True,
        blank=True,
        help_text=_("Tháng (1–12), quý (1–4) hoặc 6 tháng (1: đầu năm, 2: cuối năm); để trống với kỳ năm."),
    )
    subject = models.CharField(
        _("nội dung hội nghị"),
        max_length=255,
        help_text=_("Ví dụ: công tác Mặt trận năm 2016."),
    )
    date = models.DateField(_("ngày họp"))
    start_time = models.TimeField(_("giờ họp"), null=True, blank=True)
    format = models.CharField(_("hình thức"), max_length=16, choices=Format.choices)
    site_count = models.PositiveIntegerField(_("số điểm cầu"), null=True, blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì tổ chức"),
        on_delete=models.PROTECT,
        related_name="hosted_conferences",
        help_text=_("Đơn vị ban hành báo cáo (thể thức và người ký của báo cáo là của đơn vị này)."),
    )
    co_hosts = models.ManyToManyField(
        Unit,
        verbose_name=_("đơn vị phối hợp"),
        blank=True,
        related_name="co_hosted_conferences",
        help_text=_(
            "Các đơn vị cùng tổ chức: Ủy ban Mặt trận khác, Ủy ban nhân dân, các đơn vị của một cụm."
        ),
    )
    chair = models.CharField(_("chủ trì"), max_length=255, blank=True)
    directing = models.CharField(
        _("dự và chỉ đạo"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: đồng chí Nguyễn Văn A, Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh."),
    )
    follows_up = models.ForeignKey(
        "self",
        verbose_name=_("tiếp theo hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_by",
        help_text=_(
            "Hội nghị kỳ trước: báo cáo có một phần về kết quả giải quyết kiến nghị và thực hiện kết luận của hội nghị đó."
        ),
    )
    results_heading = models.CharField(
        _("tiêu đề phần kết quả"),
        max_length=255,
        blank=True,
        help_text=_("Để trống: theo loại hội nghị (giao ban: “Kết quả cụ thể:”)."),
    )
    conclusions_heading = models.CharField(
        _("tiêu đề phần kết luận"),
        max_length=255,
        blank=True,
        help_text=_("Để trống: theo loại hội nghị (giao ban: “Kết thúc.”)."),
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    recommendations_intro = models.TextField(
        _("lời dẫn phần kiến nghị"),
        blank=True,
        help_text=_(
            "Ví dụ: Tại hội nghị giao ban, Mặt trận các huyện, thành phố tập trung đề xuất, kiến nghị những vấn đề sau:"
        ),
    )
    conclusions_intro = models.TextField(
        _("lời dẫn phần kết luận"),
        blank=True,
        help_text=_("Ví dụ: Kết thúc hội nghị, Ban Thường trực … tiếp thu toàn bộ các ý kiến … và đề nghị:"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    search_text = models.TextField(default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[co_hosts])

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["period_year", "kind", "status"], name="conference_filters")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_year__gte=1930) & Q(period_year__lte=2200), name="conference_year_range"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=PERIODIC_KINDS) & Q(period__in=["month", "quarter", "half_year", "year"])
                )
                | (~Q(kind__in=PERIODIC_KINDS) & Q(period="")),
                name="conference_period_per_kind",
            ),
            models.CheckConstraint(
                condition=(
                    Q(period="month")
                    & Q(period_number__isnull=False)
                    & Q(period_number__gte=1)
                    & Q(period_number__lte=12)
                )
                | (
                    Q(period="quarter")
                    & Q(period_number__isnull=False)
                    & Q(period_number__gte=1)
                    & Q(period_number__lte=4)
                )
                | (
                    Q(period="half_year")
                    & Q(period_number__isnull=False)
                    & Q(period_number__gte=1)
                    & Q(period_number__lte=2)
                )
                | (Q(period__in=["", "year"]) & Q(period_number__isnull=True)),
                name="conference_period_number_range",
            ),
        ]

    def __str__(self):
        return self.name_of(self.kind, self.subject, self.date)

    @classmethod
    def name_of(cls, kind, subject, date):
        """Its __str__ from its kind, subject and date, without an instance (the registers'
        filter lists a province's conferences from a values query)."""
        name = wording.as_meeting(cls.words(kind, subject))  # "Hội nghị giao ban công tác … (27/12/2016)"
        return f"{name[:1].upper()}{name[1:]} ({date:%d/%m/%Y})"

    def clean(self):
        super().clean()
        self.check_period()
        self.check_follows_up()

    def check_follows_up(self):
        """The conference followed up is an earlier one of the same host."""
        earlier = self.follows_up
        if earlier is None:
            return
        if (self.pk and earlier.pk == self.pk) or (self.date and earlier.date >= self.date):
            raise ValidationError({"follows_up": _("Chỉ chọn được một hội nghị họp trước hội nghị này.")})
        if earlier.host_unit_id != self.host_unit_id:
            raise ValidationError({"follows_up": _("Hội nghị kỳ trước phải do cùng đơn vị chủ trì tổ chức.")})

    def check_period(self):
        """The period rules (ValidationError per field): a periodic kind names its period and the
        number its period takes (the month 1–12, the quarter 1–4, the half 1–2, none for a year);
        the other kinds name none. The database holds the same rules as constraints."""
        if self.kind not in self.Kind.values or self.period not in ("", *self.Period.values):
            return  # an unknown value: the field's own check says so
        errors = {}
        numbers = self.PERIOD_NUMBERS.get(self.period)
        if self.kind in self.PERIODIC_KINDS:
            if not self.period:
                errors["period"] = _("Hãy chọn kỳ của %(kind)s: tháng, quý, 6 tháng hoặc năm.") % {
                    "kind": str(self.Kind(self.kind).label).lower()
                }
            elif numbers and self.period_number is None:
                errors["period_number"] = PERIOD_MISSING[self.period]
            elif numbers and not 1 <= self.period_number <= numbers:
                errors["period_number"] = _("Với kỳ %(period)s, kỳ thứ phải từ 1 đến %(n)s.") % {
                    "period": str(self.Period(self.period).label).lower(),
                    "n": numbers,
                }
            elif not numbers and self.period_number is not None:
                errors["period_number"] = _("Kỳ năm không có kỳ thứ; hãy để trống.")
        elif self.kind:
            label = str(self.Kind(self.kind).label)
            if self.period:
                errors["period"] = _("%(kind)s không theo kỳ; hãy để trống.") % {"kind": label}
            if self.period_number is not None:
                errors["period_number"] = _("%(kind)s không theo kỳ; hãy để trống.") % {"kind": label}
        if errors:
            raise ValidationError(errors)

    # --- how the record names the conference (the report's wording is Vietnamese, not translated)

    @property
    def noun(self):
        """What the kind is called inside a sentence: "giao ban", "hội nghị nhân dân"…, fitted to
        the subject (a cluster briefing whose subject names its cluster is just "giao ban")."""
        return wording.noun_and_rest(self.kind, self.subject)[0]

    def name_in_sentence(self, *, with_format=True):
        """The conference as a sentence names it after "kết quả": the kind's noun, the format
        ("trực tuyến") and the subject, with no word said twice: "giao ban trực tuyến công tác
        Mặt trận năm 2016", "hội nghị nhân dân khu phố 3" (subject "Hội nghị nhân dân khu phố 3")."""
        return self.words(self.kind, self.subject, self.format_adjective if with_format else "")

    @staticmethod
    def words(kind, subject, adjective=""):
        noun, rest = wording.noun_and_rest(kind, subject)
        return " ".join(part for part in (noun, adjective, rest) if part)

    @property
    def name(self):
        """ "giao ban công tác Mặt trận năm 2016" (without the format)."""
        return self.name_in_sentence(with_format=False)

    @property
    def period_label(self):
        """ "tháng 11 năm 2016", "quý I năm 2017", "6 tháng đầu năm 2025", "năm 2016"; "" without a
        period."""
        return wording.period_label(self.period, self.period_number, self.period_year)

    @property
    def period_short(self):
        """The period as the interface shows it: "tháng 11/2016", "quý 3/2017", "năm 2016"."""
        values = {"n": self.period_number, "year": self.period_year}
        if self.period == self.Period.MONTH:
            return _("tháng %(n)s/%(year)s") % values
        if self.period == self.Period.QUARTER:
            return _("quý %(n)s/%(year)s") % values
        if self.period == self.Period.HALF_YEAR:
            if self.period_number == 1:
                return _("6 tháng đầu năm %(year)s") % values
            return _("6 tháng cuối năm %(year)s") % values
        if self.period == self.Period.YEAR:
            return _("năm %(year)s") % values
        return ""

    @property
    def format_adjective(self):
        """How the report names the format inside a sentence: "giao ban trực tuyến"."""
        return {
            self.Format.ONLINE: "trực tuyến",
            self.Format.IN_PERSON: "",
            self.Format.HYBRID: "trực tiếp kết hợp trực tuyến",
        }[self.format]


class RecordItem(ChoiceLabels, models.Model):
    """An entry of an ordered list in a conference record."""

    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]


class AttendanceGroup(models.Model):
    """A group of attendees as the report names it ("lãnh đạo các tổ chức đoàn thể tỉnh")."""

    class Kind(models.TextChoices):
        STANDING_BOARD = "standing_board", _("Ban Thường trực")
        MEMBER_ORGANISATIONS = "member_organisations", _("Lãnh đạo các tổ chức thành viên")
        DEPARTMENTS = "departments", _("Các Ban, Văn phòng")
        DISTRICT_COMMITTEES = "district_committees", _("Mặt trận cấp huyện")
        COMMUNE_COMMITTEES = "commune_committees", _("Mặt trận cấp xã")
        GUESTS = "guests", _("Khách mời")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    kind = models.CharField(_("nhóm"), max_length=32, choices=Kind.choices)
    description = models.CharField(_("cách ghi trong báo cáo"), max_length=500)
    units = models.ManyToManyField(Unit, verbose_name=_("đơn vị"), blank=True, related_name="+")
    people_count = models.PositiveIntegerField(_("số người"), null=True, blank=True)
    site_count = models.PositiveIntegerField(_("số điểm cầu"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        verbose_name = _("thành phần tham dự")
        verbose_name_plural = _("thành phần tham dự")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description


class AgendaItem(RecordItem):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda_items")
    presenters = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị trình bày"), blank=True, related_name="+"
    )
    presenter_name = models.CharField(_("người trình bày"), max_length=255, blank=True)
    presenter_title = models.CharField(
        _("chức vụ người trình bày"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Chủ tịch Ủy ban nhân dân phường."),
    )
    history = HistoricalRecords(m2m_fields=[presenters])

    class Meta(RecordItem.Meta):
        verbose_name = _("nội dung thông qua")
        verbose_name_plural = _("nội dung thông qua")


class DraftOpinion(models.Model):
    """The opinions given on one draft report: overall verdict and proposed additional tasks."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="draft_opinions")
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    draft_title = models.CharField(
        _("dự thảo"),
        max_length=500,
        help_text=_("Ví dụ: dự thảo báo cáo công tác Mặt trận năm 2016, phương hướng nhiệm vụ năm 2017"),
    )
    verdict = models.TextField(_("ý kiến chung"), blank=True)
    tasks_intro = models.CharField(_("lời dẫn nhiệm vụ đề nghị bổ sung"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến về dự thảo")
        verbose_name_plural = _("ý kiến về dự thảo")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.draft_title


class ProposedTask(RecordItem):
    opinion = models.ForeignKey(DraftOpinion, on_delete=models.CASCADE, related_name="proposed_tasks")
    raised_by = models.ManyToManyField(Unit, verbose_name=_("đơn vị đề xuất"), blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[raised_by])

    class Meta(RecordItem.Meta):
        verbose_name = _("nhiệm vụ đề nghị bổ sung")
        verbose_name_plural = _("nhiệm vụ đề nghị bổ sung")


class Difficulty(RecordItem):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="difficulties")
    raised_by = models.ManyToManyField(Unit, verbose_name=_("đơn vị nêu"), blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[raised_by])

    class Meta(RecordItem.Meta):
        verbose_name = _("khó khăn, hạn chế")
        verbose_name_plural = _("khó khăn, hạn chế")


class DiscussionOpinion(RecordItem):
    """An opinion raised in the discussion (ý kiến phát biểu, thảo luận): who raised it (a person
    or units), what it says, and whether it was answered at the conference, by whom and how."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="discussion")
    speaker = models.CharField(
        _("người phát biểu"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: ông Nguyễn Văn B, khu phố 3. Có thể để trống khi đã chọn đơn vị."),
    )
    raised_by = models.ManyToManyField(Unit, verbose_name=_("đơn vị nêu"), blank=True, related_name="+")
    answered_on_spot = models.BooleanField(_("đã trả lời tại hội nghị"), default=False)
    answered_by = models.CharField(
        _("người trả lời"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: đồng chí Trần Văn C, Chủ tịch Ủy ban nhân dân phường."),
    )
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    history = HistoricalRecords(m2m_fields=[raised_by])

    class Meta(RecordItem.Meta):
        verbose_name = _("ý kiến phát biểu, thảo luận")
        verbose_name_plural = _("ý kiến phát biểu, thảo luận")

    def clean(self):
        super().clean()
        if self.answered_on_spot:
            errors = {}
            if not self.answered_by.strip():
                errors["answered_by"] = _("Hãy ghi ai đã trả lời tại hội nghị.")
            if not self.answer.strip():
                errors["answer"] = _("Hãy ghi nội dung trả lời tại hội nghị.")
            if errors:
                raise ValidationError(errors)
        elif self.answered_by.strip() or self.answer.strip():
            raise ValidationError(
                {
                    "answered_on_spot": _(
                        "Đã ghi người trả lời hoặc nội dung trả lời: hãy đánh dấu “đã trả lời tại hội nghị”."
                    )
                }
            )
