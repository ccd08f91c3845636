"""Charts drawn on the server as SVG (no scripts, no style attributes: the colours come from
static/css/recommendations.css). The geometry is computed here and the markup written here too
(`{% load dashboard_charts %}`): placed by template tags, the ~300 numbers of the dashboard's
charts took a third of the page's rendering time. The dashboard's list of overdue
recommendations is written here too: its twenty rows through the template cost a quarter of the
page's Python calls."""

import re
import unicodedata

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext as _

from frontwork.links import link
from recommendations.models import Recommendation

LABEL_WIDTH = 190
BAR_AREA = 330
ROW_HEIGHT = 28
BAR_HEIGHT = 18


def _short(label, limit=30):
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(items):
    """Horizontal bars: items are (label, value, css class)."""
    top = max((value for _, value, _ in items), default=0) or 1
    rows = []
    for index, (label, value, css) in enumerate(items):
        width = round(BAR_AREA * value / top) if value else 0
        y = index * ROW_HEIGHT + 4
        rows.append(
            {
                "label": _short(label),
                "full_label": str(label),
                "value": value,
                "css": css,
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
            }
        )
    return {
        "rows": rows,
        "height": len(items) * ROW_HEIGHT + 8,
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_AREA + 50,
    }


def year_chart(by_year, height=160, width=520):
    """Vertical bars per year: all recommendations and the closed ones side by side."""
    top = max((row["total"] for row in by_year), default=0) or 1
    pad_top = 18
    group = min(80, (width - 60) // max(len(by_year), 1))
    bar_width = max(8, group * 3 // 8)
    bars = []
    labels = []
    for index, row in enumerate(by_year):
        x = 40 + index * group
        for offset, key, css in ((0, "total", "bar-total"), (bar_width + 2, "closed", "bar-resolved")):
            h = round(height * row[key] / top)
            bars.append(
                {
                    "x": x + offset,
                    "y": pad_top + height - h,
                    "height": h,
                    "value": row[key],
                    "css": css,
                    "value_x": x + offset + bar_width // 2,
                    "value_y": pad_top + height - h - 4,
                }
            )
        labels.append({"x": x + bar_width + 1, "year": row["conference__period_year"]})
    return {
        "bars": bars,
        "labels": labels,
        "width": width,
        "height": pad_top + height + 26,
        "axis_y": pad_top + height,
        "label_y": pad_top + height + 18,
        "bar_width": bar_width,
    }


def bar_chart_svg(chart, title):
    # The geometry and the values are integers (`:d` refuses anything else): only the labels,
    # the classes and the title are escaped (escaping ~300 numbers took a third of the page's
    # Python calls).
    rows = "".join(
        f'<text x="{chart["label_x"]:d}" y="{row["text_y"]:d}" class="chart-label" text-anchor="end">'
        f"<title>{conditional_escape(row['full_label'])}</title>{conditional_escape(row['label'])}</text>"
        f'<rect x="{chart["bar_x"]:d}" y="{row["y"]:d}" width="{row["width"]:d}" '
        f'height="{chart["bar_height"]:d}" class="{conditional_escape(row["css"])}"/>'
        f'<text x="{row["value_x"]:d}" y="{row["text_y"]:d}" class="chart-value">{row["value"]:d}</text>'
        for row in chart["rows"]
    )
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {chart["width"]:d} {chart["height"]:d}" role="img" '
        f'aria-label="{conditional_escape(title)}">{rows}</svg>'
    )


def year_chart_svg(chart, title):
    # Integers only, but for the title (see bar_chart_svg); the classes are year_chart's own.
    bars = "".join(
        f'<rect x="{bar["x"]:d}" y="{bar["y"]:d}" width="{chart["bar_width"]:d}" height="{bar["height"]:d}" '
        f'class="{bar["css"]}"><title>{bar["value"]:d}</title></rect>'
        f'<text x="{bar["value_x"]:d}" y="{bar["value_y"]:d}" class="chart-value" text-anchor="middle">'
        f"{bar['value']:d}</text>"
        for bar in chart["bars"]
    )
    labels = "".join(
        f'<text x="{label["x"]:d}" y="{chart["label_y"]:d}" class="chart-label" text-anchor="middle">'
        f"{label['year']:d}</text>"
        for label in chart["labels"]
    )
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {chart["width"]:d} {chart["height"]:d}" role="img" '
        f'aria-label="{conditional_escape(title)}">'
        f'<line x1="30" x2="{chart["width"]:d}" y1="{chart["axis_y"]:d}" y2="{chart["axis_y"]:d}" class="axis"/>'
        f"{bars}{labels}</svg>"
    )


# Characters none of which is a combining mark: ASCII, Latin letters (Vietnamese precomposed ones
# among them) and general punctuation.
_NO_COMBINING_MARK = re.compile(r"[\x00-\u02ff\u1e00-\u1eff\u2000-\u206f]*\Z")


def _cut(text, length=140):
    """`text|truncatechars:length`. Truncator counts the characters one by one, leaving out
    combining marks (~50 µs a row here); a text with none is cut by slicing."""
    text = unicodedata.normalize("NFC", text)
    if len(text) <= length:
        return text
    if not _NO_COMBINING_MARK.match(text):
        return Truncator(text).chars(length)
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)], None)


def _day(value):
    """`value|date:"d/m/Y"`."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def overdue_list_html(items):
    """The items of the dashboard's overdue list (`<li>`s), from its values (dashboard_figures):
    the recommendation's text cut at 140 characters as a link to it, then its addressee's label,
    due date and status."""
    if not items:
        return format_html('<li class="text-muted">{}</li>', _("Không có kiến nghị nào quá hạn."))
    due = conditional_escape(_("hạn"))
    statuses = dict(Recommendation.Status.choices)
    return mark_safe(
        "\n      ".join(
            f'<li class="border-bottom py-1"><a href="{conditional_escape(link("recommendations:detail", item["pk"]))}">'
            f"{conditional_escape(_cut(item['text']))}</a><br>\n"
            f'        <span class="text-muted">{conditional_escape(_addressee(item))} · {due} '
            f"{_day(item['due_date'])} · {conditional_escape(statuses[item['status']])}</span></li>"
            for item in items
        )
    )


def _addressee(item):
    """The addressee's label (its short name, or else its name), or "—"."""
    return item["addressee__short_name"] or item["addressee__name"] or "—"
