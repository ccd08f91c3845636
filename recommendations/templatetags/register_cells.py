"""The registers' small HTML pieces (recommendations/cells.py) for templates:
`{{ item|status_badge }}`, `{{ item.owners.all|unit_list }}`, `{{ item|item_link }}`."""

from django import template

from recommendations import cells

register = template.Library()

register.filter("status_badge", cells.status_badge)
register.filter("unit_list", cells.unit_list)
register.filter("item_link", cells.item_link)
