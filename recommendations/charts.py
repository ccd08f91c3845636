"""Charts drawn on the server as SVG (no scripts, no style attributes: the colours come from
static/css/recommendations.css). The geometry is computed here and the markup written here too
(`{% load dashboard_charts %}`): placed by template tags, the ~300 numbers of the dashboard's
charts took a third of the page's rendering time."""

from django.utils.html import format_html, format_html_join

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
    rows = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label" text-anchor="end"><title>{}</title>{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        (
            (
                chart["label_x"], row["text_y"], row["full_label"], row["label"],
                chart["bar_x"], row["y"], row["width"], chart["bar_height"], row["css"],
                row["value_x"], row["text_y"], row["value"],
            )
            for row in chart["rows"]
        ),
    )  # fmt: skip
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">{}</svg>',
        chart["width"],
        chart["height"],
        title,
        rows,
    )


def year_chart_svg(chart, title):
    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" class="{}"><title>{}</title></rect>'
        '<text x="{}" y="{}" class="chart-value" text-anchor="middle">{}</text>',
        (
            (
                bar["x"], bar["y"], chart["bar_width"], bar["height"], bar["css"], bar["value"],
                bar["value_x"], bar["value_y"], bar["value"],
            )
            for bar in chart["bars"]
        ),
    )  # fmt: skip
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
        ((label["x"], chart["label_y"], label["year"]) for label in chart["labels"]),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<line x1="30" x2="{}" y1="{}" y2="{}" class="axis"/>{}{}</svg>',
        chart["width"],
        chart["height"],
        title,
        chart["width"],
        chart["axis_y"],
        chart["axis_y"],
        bars,
        labels,
    )
