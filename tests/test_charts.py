"""The dashboard's SVG charts and overdue list, written in Python: geometry, values, labels escaped."""

import datetime
import unicodedata

from django.template.defaultfilters import truncatechars

from recommendations.charts import (
    _cut,
    bar_chart,
    bar_chart_svg,
    overdue_list_html,
    year_chart,
    year_chart_svg,
)
from recommendations.models import Recommendation


def test_bar_chart_svg_places_each_row_and_escapes_labels():
    svg = bar_chart_svg(
        bar_chart([("Mới", 10, "bar-new"), ("<UBND> & Sở", 5, "bar-total")]), "Theo trạng thái"
    )
    assert svg.startswith('<svg class="chart" viewBox="0 0 570 64" role="img" aria-label="Theo trạng thái">')
    assert '<rect x="190" y="4" width="330" height="18" class="bar-new"/>' in svg
    assert '<rect x="190" y="32" width="165" height="18" class="bar-total"/>' in svg
    assert '<text x="526" y="18" class="chart-value">10</text>' in svg
    assert "<title>&lt;UBND&gt; &amp; Sở</title>" in svg and "<UBND>" not in svg
    assert "style=" not in svg


def test_year_chart_svg_draws_two_bars_and_a_label_per_year():
    rows = [
        {"conference__period_year": 2024, "total": 8, "closed": 2},
        {"conference__period_year": 2025, "total": 4, "closed": 4},
    ]
    svg = year_chart_svg(year_chart(rows), "Qua các năm")
    assert svg.count("<rect ") == 4 and svg.count('class="chart-label"') == 2
    assert '<rect x="40" y="18" width="30" height="160" class="bar-total"><title>8</title></rect>' in svg
    assert '<line x1="30" x2="520" y1="178" y2="178" class="axis"/>' in svg
    assert ">2024</text>" in svg and ">2025</text>" in svg


def test_cut_is_truncatechars():
    vietnamese = "Tăng cường công tác giám sát và phản biện xã hội của Mặt trận Tổ quốc Việt Nam " * 3
    for text in (
        "ngắn",
        "x" * 140,
        "x" * 141,
        vietnamese,
        unicodedata.normalize("NFD", vietnamese),  # decomposed: NFC composes it again
        "a\u0301\u0302" * 100,  # marks that NFC cannot compose count for nothing
        "क्षत्रिय " * 30,  # combining vowel signs
        "<b>&amp;</b> “trích dẫn” … " * 10,
    ):
        assert _cut(text) == truncatechars(text, 140), text


def test_overdue_list_writes_each_item_escaped():
    items = [
        {
            "pk": 7,
            "text": "<script>" + "chữ " * 40,
            "status": Recommendation.Status.NEW,
            "due_date": datetime.date(2025, 3, 9),
            "addressee__name": "Ủy ban <nhân dân>",
            "addressee__short_name": "",
        },
        {
            "pk": 8,
            "text": "Ngắn & gọn",
            "status": Recommendation.Status.FORWARDED,
            "due_date": datetime.date(2024, 12, 31),
            "addressee__name": None,
            "addressee__short_name": None,
        },
    ]
    html = overdue_list_html(items)
    assert html.count("<li ") == 2
    assert '<a href="/kien-nghi/7/">&lt;script&gt;chữ' in html and "<script>" not in html
    assert "…</a>" in html and "Ngắn &amp; gọn</a>" in html
    assert "Ủy ban &lt;nhân dân&gt; · hạn 09/03/2025 · Mới" in html
    assert "— · hạn 31/12/2024 · " in html
    assert overdue_list_html([]) == '<li class="text-muted">Không có kiến nghị nào quá hạn.</li>'
