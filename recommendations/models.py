from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conferences.models import Conference, RecordItem
from frontwork.accounts.models import Unit
from frontwork.text import Searchable, SearchableQuerySet


def _today():
    return timezone.localdate()


class RecommendationQuerySet(SearchableQuerySet, models.QuerySet):
    def open(self):
        return self.filter(status__in=Recommendation.OPEN_STATUSES)

    def awaiting_reply(self):
        return self.filter(status__in=Recommendation.AWAITING_REPLY_STATUSES)

    def overdue(self, day=None):
        return self.awaiting_reply().filter(due_date__lt=day or _today())

    def addressed_to(self, unit):
        return self.filter(addressee=unit)

    def raised_by_unit(self, unit):
        through = Recommendation.raised_by.through.objects.filter(recommendation=OuterRef("pk"), unit=unit)
        return self.filter(Exists(through))


class Recommendation(Searchable, RecordItem):
    """A recommendation (kiến nghị, đề xuất) raised at a conference and addressed to an authority,
    followed up by a department of the Front until it is answered and closed."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        FORWARDED = "forwarded", _("Đã chuyển")
        ANSWERED = "answered", _("Đã trả lời")
        RESOLVED = "resolved", _("Đã giải quyết")
        NOT_ACCEPTED = "not_accepted", _("Không tiếp thu")

    OPEN_STATUSES = (Status.NEW, Status.FORWARDED, Status.ANSWERED)
    AWAITING_REPLY_STATUSES = (Status.NEW, Status.FORWARDED)

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="recommendations")
    raised_by = models.ManyToManyField(Unit, verbose_name=_("đơn vị kiến nghị"), blank=True, related_name="+")
    addressee = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan nhận kiến nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations_received",
    )
    department = models.ForeignKey(
        Unit,
        verbose_name=_("ban theo dõi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Unit.Kind.DEPARTMENT},
        related_name="recommendations_followed",
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.NEW)
    due_date = models.DateField(_("thời hạn trả lời"), null=True, blank=True)
    forwarded_on = models.DateField(_("ngày chuyển"), null=True, blank=True)
    forwarded_number = models.CharField(_("số văn bản chuyển"), max_length=100, blank=True)
    reply_text = models.TextField(_("nội dung trả lời"), blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    reply_number = models.CharField(_("số văn bản trả lời"), max_length=100, blank=True)
    answered_at_conference = models.BooleanField(_("trả lời tại hội nghị"), default=False)
    answered_by = models.CharField(_("người trả lời"), max_length=255, blank=True)
    reply_file = models.CharField(_("tệp đính kèm (lưu trữ)"), max_length=255, blank=True, editable=False)
    reply_file_name = models.CharField(_("tên tệp đính kèm"), max_length=255, blank=True, editable=False)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("kiến nghị lần trước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    repeat_count = models.PositiveIntegerField(_("số lần đã kiến nghị trước đó"), default=0, editable=False)
    search_text = models.TextField(default="", editable=False)
    history = HistoricalRecords(m2m_fields=[raised_by], excluded_fields=["search_text"])

    objects = RecommendationQuerySet.as_manager()

    class Meta(RecordItem.Meta):
        verbose_name = _("kiến nghị, đề xuất")
        verbose_name_plural = _("kiến nghị, đề xuất")
        indexes = [
            models.Index(fields=["status", "due_date"], name="recommendation_status_due"),
            models.Index(fields=["-conference", "position", "id"], name="recommendation_register_order"),
        ]

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return (
            self.status in self.AWAITING_REPLY_STATUSES
            and self.due_date is not None
            and self.due_date < _today()
        )

    @property
    def times_raised(self):
        return self.repeat_count + 1

    def get_absolute_url(self):
        return reverse("recommendations:detail", args=[self.pk])


class RecommendationEvent(models.Model):
    """One change in a recommendation's follow-up: who, when, from which status to which, and why."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=Recommendation.Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=Recommendation.Status.choices)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("diễn biến kiến nghị")
        verbose_name_plural = _("diễn biến kiến nghị")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.recommendation_id}: {self.from_status} → {self.to_status}"


class DirectiveQuerySet(SearchableQuerySet, models.QuerySet):
    def open(self):
        return self.exclude(status=Directive.Status.DONE)

    def overdue(self, day=None):
        return self.open().filter(due_date__lt=day or _today())

    def owned_by(self, unit):
        through = Directive.owners.through.objects.filter(directive=OuterRef("pk"), unit=unit)
        return self.filter(Exists(through))


class Directive(Searchable, RecordItem):
    """A conclusion or directive given at the end of a conference, owned by some units."""

    class Status(models.TextChoices):
        NEW = "new", _("Chưa báo cáo")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="directives")
    owners = models.ManyToManyField(Unit, verbose_name=_("đơn vị thực hiện"), blank=True, related_name="+")
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.NEW)
    search_text = models.TextField(default="", editable=False)
    history = HistoricalRecords(m2m_fields=[owners], excluded_fields=["search_text"])

    objects = DirectiveQuerySet.as_manager()

    class Meta(RecordItem.Meta):
        verbose_name = _("kết luận, chỉ đạo")
        verbose_name_plural = _("kết luận, chỉ đạo")
        indexes = [
            models.Index(fields=["status", "due_date"], name="directive_status_due"),
            models.Index(fields=["-conference", "position", "id"], name="directive_register_order"),
        ]

    @property
    def is_overdue(self):
        return self.status != self.Status.DONE and self.due_date is not None and self.due_date < _today()

    def get_absolute_url(self):
        return reverse("recommendations:directive", args=[self.pk])


class CompletionReport(models.Model):
    """What an owner unit reports about a directive: done or in progress, with text and date."""

    class Result(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("kết quả"), max_length=16, choices=Result.choices)
    text = models.TextField(_("nội dung báo cáo"))
    reported_on = models.DateField(_("ngày báo cáo"), default=timezone.localdate)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)

    class Meta:
        verbose_name = _("báo cáo kết quả thực hiện")
        verbose_name_plural = _("báo cáo kết quả thực hiện")
        ordering = ["submitted_at", "pk"]

    def __str__(self):
        return f"{self.unit} — {self.get_result_display()}"
