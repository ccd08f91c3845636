from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conferences.models import Conference, RecordItem
from frontwork.accounts.models import Unit


class Recommendation(RecordItem):
    """A recommendation (kiến nghị, đề xuất) raised at a conference and addressed to an authority."""

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
    history = HistoricalRecords(m2m_fields=[raised_by])

    class Meta(RecordItem.Meta):
        verbose_name = _("kiến nghị, đề xuất")
        verbose_name_plural = _("kiến nghị, đề xuất")


class Directive(RecordItem):
    """A conclusion or directive given at the end of a conference, owned by some units."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="directives")
    owners = models.ManyToManyField(Unit, verbose_name=_("đơn vị thực hiện"), blank=True, related_name="+")
    due_date = models.DateField(_("thời hạn"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[owners])

    class Meta(RecordItem.Meta):
        verbose_name = _("kết luận, chỉ đạo")
        verbose_name_plural = _("kết luận, chỉ đạo")
