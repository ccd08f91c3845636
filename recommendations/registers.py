"""The two registers, recommendations and directives, as one thing with two kinds: what each
lists, how it filters, and its columns. The page, its filters, the .xlsx/.csv export and the
detail pages' breadcrumbs all read these definitions (views.register, views.register_export)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recommendations import cells, selectors
from recommendations.filters import DirectiveFilter, RecommendationFilter


@dataclass(frozen=True)
class Column:
    """One column: its header, its value in the export (`value(row number, item)`), its width
    there, and, when the page shows it, its HTML cell (`cell(item)`), CSS class and what the cell
    reads: the item's own fields (`reads`) and values of related rows (`joins`: name → expression,
    annotated on the item). The page loads only those, with no instance of a related row."""

    header: Any
    width: int
    value: Callable[[int, Any], Any]
    cell: Callable[[Any], str] | None = None
    css: str = "small"
    page_header: Any = None
    reads: tuple = ()
    joins: dict = field(default_factory=dict)
    units: str = ""  # a many-to-many relation to units whose labels the page's cell lists

    @property
    def heading(self):
        return self.page_header or self.header


def _labels(units):
    return "; ".join(u.label for u in units)


def _label(unit):
    return unit.label if unit else ""


def _overdue(item):
    return str(_("Có")) if item.is_overdue else ""


def _text(heading, *reads):
    return Column(heading, 60, lambda i, item: item.text, cells.item_link, css="text-cell", reads=reads)


NUMBER = Column(_("STT"), 6, lambda i, item: i)
CONFERENCE = Column(
    _("Hội nghị"),
    30,
    lambda i, item: item.conference.subject,
    cells.conference_cell,
    css="text-nowrap small",
    joins={"conference_date": F("conference__date"), "conference_kind": F("conference__kind")},
)
MEETING_DAY = Column(_("Ngày họp"), 12, lambda i, item: item.conference.date)
YEAR = Column(_("Năm"), 8, lambda i, item: item.conference.period_year)
OVERDUE = Column(_("Quá hạn"), 9, lambda i, item: _overdue(item))


def _status(width):
    return Column(
        _("Trạng thái"),
        width,
        lambda i, item: str(item.get_status_display()),
        cells.status_badge,
        "",
        reads=("status", "due_date"),
    )


def _due(width):
    return Column(
        _("Thời hạn"),
        width,
        lambda i, item: item.due_date,
        lambda item: cells.day(item.due_date),
        "small text-nowrap",
        reads=("due_date",),
    )


def _leading(text_header, *reads):
    """The columns both registers start with: number, text, conference, its day and year."""
    return [NUMBER, _text(text_header, *reads), CONFERENCE, MEETING_DAY, YEAR]


def _units(header, width, relation):
    """The units of a many-to-many relation (who raised, who carries out)."""
    return Column(
        header,
        width,
        lambda i, item: _labels(getattr(item, relation).all()),
        lambda item: cells.label_list(item.unit_labels[relation]),
        units=relation,
    )


def _unit(header, width, relation, page_header=None):
    return Column(
        header,
        width,
        lambda i, item: _label(getattr(item, relation)),
        lambda item: cells.unit_label(getattr(item, f"{relation}_label")),
        page_header=page_header,
        joins={f"{relation}_label": selectors.unit_label(f"{relation}__")},
    )


@dataclass(frozen=True)
class Register:
    url_name: str  # of the page in the recommendations app; its export's is the same + "_export"
    filterset: type
    rows: Callable  # selector: the rows a user may see, ready to display
    title: Any  # of the page
    short_title: Any  # in the browser's tab and the breadcrumbs
    columns: list = field(default_factory=list)
    item_title: Any = ""  # of one item's page
    empty: Any = ""  # when no row matches
    sheet: Any = ""  # name of the export's sheet
    filename: str = ""  # of the export, without extension
    links_dashboard: bool = False

    @property
    def list_url(self):
        return f"recommendations:{self.url_name}"

    @property
    def export_url(self):
        return f"recommendations:{self.url_name}_export"

    @property
    def page_columns(self):
        return [column for column in self.columns if column.cell]

    def page_rows(self, rows):
        """`rows` with only what the page's cells read (the export reads everything); the units'
        labels come afterwards, by `prepare`."""
        reads = {name for column in self.page_columns for name in column.reads}
        joins = {name: value for column in self.page_columns for name, value in column.joins.items()}
        return rows.select_related(None).prefetch_related(None).only(*reads).annotate(**joins)

    def prepare(self, items):
        """The page's `items`, each with `unit_labels` ({relation: [labels]} for the columns of
        units) and `url` (its page's address: one reverse() for the page, not one a row)."""
        relations = [column.units for column in self.page_columns if column.units]
        labels = {relation: selectors.unit_labels(items, relation) for relation in relations}
        if items:
            # The address of item 0, cut around its number (the last "0" of it).
            before, after = type(items[0])(pk=0).get_absolute_url().rsplit("0", 1)
        for item in items:
            item.unit_labels = {relation: labels[relation].get(item.pk, []) for relation in relations}
            item.url = f"{before}{item.pk}{after}"
        return items


RECOMMENDATIONS = Register(
    columns=[
        *_leading(_("Nội dung kiến nghị"), "text", "repeat_count"),
        _units(_("Đơn vị kiến nghị"), 30, "raised_by"),
        _unit(_("Cơ quan nhận kiến nghị"), 25, "addressee", page_header=_("Cơ quan nhận")),
        _unit(_("Ban theo dõi"), 22, "department"),
        _status(14),
        _due(12),
        OVERDUE,
        Column(_("Ngày chuyển"), 12, lambda i, r: r.forwarded_on),
        Column(_("Số văn bản chuyển"), 18, lambda i, r: r.forwarded_number),
        Column(_("Nội dung trả lời"), 50, lambda i, r: r.reply_text),
        Column(_("Ngày trả lời"), 12, lambda i, r: r.replied_on),
        Column(_("Số văn bản trả lời"), 18, lambda i, r: r.reply_number),
        Column(_("Số lần kiến nghị"), 10, lambda i, r: r.times_raised),
    ],
    url_name="register",
    filterset=RecommendationFilter,
    rows=selectors.recommendation_register,
    title=_("Sổ theo dõi kiến nghị, đề xuất"),
    short_title=_("Sổ theo dõi kiến nghị"),
    links_dashboard=True,
    item_title=pgettext_lazy("one item", "Kiến nghị"),
    empty=_("Không có kiến nghị nào phù hợp."),
    sheet=_("Kiến nghị"),
    filename="so-theo-doi-kien-nghi",
)

DIRECTIVES = Register(
    columns=[*_leading(_("Nội dung kết luận, chỉ đạo"), "text"), _units(_("Đơn vị thực hiện"), 40, "owners")]
    + [_due(12), _status(16), OVERDUE],
    url_name="directives",
    filterset=DirectiveFilter,
    rows=selectors.directive_register,
    title=_("Sổ theo dõi kết luận, chỉ đạo"),
    short_title=_("Sổ theo dõi kết luận, chỉ đạo"),
    item_title=pgettext_lazy("one item", "Kết luận, chỉ đạo"),
    empty=_("Không có kết luận, chỉ đạo nào phù hợp."),
    sheet=_("Kết luận, chỉ đạo"),
    filename="so-theo-doi-ket-luan",
)
