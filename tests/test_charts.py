"""The dashboard's SVG charts, written in Python: geometry, values, labels escaped."""

from recommendations.charts import bar_chart, bar_chart_svg, year_chart, year_chart_svg


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
