"""`{% can "rule.name" obj as var %}`: the permission table (frontwork/accounts/permissions.py) in
templates, for the user of the request."""

from django import template

from frontwork.accounts import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name, obj=None):
    return permissions.can(context["request"].user, name, obj)
