"""The dashboard's SVG charts and its list of overdue recommendations (recommendations/charts.py
writes them)."""

from django import template

from recommendations import charts

register = template.Library()


@register.simple_tag
def bar_chart(chart, title):
    return charts.bar_chart_svg(chart, title)


@register.simple_tag
def year_chart(chart, title):
    return charts.year_chart_svg(chart, title)


@register.simple_tag
def overdue_list(items):
    return charts.overdue_list_html(items)
