"""`{% link "app:name" arg … %}`: the `{% url %}` tag for links repeated on every row of a page.

Django's reverse() matches the arguments against the URL pattern each time (25–30 µs a link);
the conference list (two links a row) and the editing page (three a record item) spent 10–15 %
of their time there. Here a URL name is reversed once per script prefix and kind of arguments,
with marker arguments, and later links put their arguments where the markers were.

Only integers (≥ 0) and ASCII slugs take this way, on routes whose converters accept the
markers (int, slug, str); anything else, or a route that refuses the markers, goes through
reverse() exactly as `{% url %}` does."""

import functools
import re

from django import template
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

register = template.Library()

_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_BASE = 7_919_000_000


def _kind(arg):
    if isinstance(arg, int) and not isinstance(arg, bool) and arg >= 0:
        return "i"
    if isinstance(arg, str) and _SLUG.match(arg):
        return "s"
    return None


def _marker(index, kind):
    # Digits for integers; a letter in front for slugs, so that an int converter refuses it.
    return f"{_BASE + index}" if kind == "i" else f"m{_BASE + index}"


@functools.lru_cache(maxsize=1024)
def _shape(name, kinds, prefix, urlconf):
    """The URL of `name` cut at its arguments: [text, index, text, index, …, text]; None when
    the route refuses the markers or does not show each of them exactly once."""
    markers = [_marker(i, kind) for i, kind in enumerate(kinds)]
    try:
        url = reverse(name, args=markers, urlconf=urlconf)
    except NoReverseMatch:
        return None
    pieces = re.split("(" + "|".join(re.escape(m) for m in markers) + ")", url) if markers else [url]
    found = [markers.index(p) for p in pieces[1::2]]
    if sorted(found) != list(range(len(markers))):
        return None
    return tuple(found[i // 2] if i % 2 else piece for i, piece in enumerate(pieces))


def link(name, *args):
    kinds = tuple(_kind(arg) for arg in args)
    shape = None if None in kinds else _shape(name, kinds, get_script_prefix(), get_urlconf())
    if shape is None:
        return reverse(name, args=args)
    return "".join(str(args[piece]) if i % 2 else piece for i, piece in enumerate(shape))


@register.simple_tag(name="link")
def link_tag(name, *args):
    return link(name, *args)
