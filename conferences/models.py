from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from frontwork.accounts.models import Unit
from frontwork.choices import ChoiceLabels
from frontwork.text import Searchable, SearchableQuerySet

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
        MONTHLY = "monthly", _("Giao ban tháng")
        QUARTERLY = "quarterly", _("Giao ban quý")
        SIX_MONTH = "six_month", _("Giao ban 6 tháng")
        ANNUAL = "annual", _("Giao ban năm")
        AD_HOC = "ad_hoc", _("Giao ban đột xuất")

    class Format(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        IN_PERSON = "in_person", _("Trực tiếp")
        HYBRID = "hybrid", _("Trực tiếp kết hợp trực tuyến")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Dự kiến")
        HELD = "held", _("Đã tổ chức")
        CLOSED = "closed", _("Đã hoàn tất")

    kind = models.CharField(_("loại giao ban"), max_length=16, choices=Kind.choices)
    period_year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(1930), MaxValueValidator(2200)]
    )
    period_number = models.PositiveSmallIntegerField(
        _("kỳ"), null=True, blank=True, help_text=_("Tháng (1–12), quý (1–4) hoặc 6 tháng (1–2).")
    )
    subject = models.CharField(
        _("nội dung giao ban"),
        max_length=255,
        help_text=_("Ví dụ: công tác Mặt trận năm 2016."),
    )
    date = models.DateField(_("ngày họp"))
    format = models.CharField(_("hình thức"), max_length=16, choices=Format.choices)
    site_count = models.PositiveIntegerField(_("số điểm cầu"), null=True, blank=True)
    location = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="hosted_conferences"
    )
    chair = models.CharField(_("chủ trì"), max_length=255, blank=True)
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
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị giao ban")
        verbose_name_plural = _("hội nghị giao ban")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["period_year", "kind", "status"], name="conference_filters")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_year__gte=1930) & Q(period_year__lte=2200), name="conference_year_range"
            ),
            models.CheckConstraint(
                condition=Q(period_number__isnull=True)
                | (Q(period_number__gte=1) & Q(period_number__lte=12)),
                name="conference_period_number_range",
            ),
        ]

    def __str__(self):
        return self.name_of(self.subject, self.date)

    @staticmethod
    def name_of(subject, date):
        """How a conference is named in lists (its __str__), from its subject and date."""
        return f"Hội nghị giao ban {subject} ({date:%d/%m/%Y})"

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
