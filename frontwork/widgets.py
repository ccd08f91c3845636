"""Form widgets of the project."""

import functools
import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


def _text(value):
    return "" if value is None else str(value)


@functools.lru_cache(maxsize=16384)
def option_html(value, label, selected):
    """One <option> (value and label as text), as Select writes it: kept for the next requests,
    since the same lists (a province's hundred conferences, a hundred units) are offered on every
    page, and writing each (two escapes) was a tenth of the registers' work."""
    return (
        f'<option value="{html.escape(value)}"{" selected" if selected else ""}>{html.escape(label)}</option>'
    )


class Select(forms.Select):
    """A single-choice select whose options are written directly: Django builds a context and
    renders a template for every option, which on the registers' filters (hundreds of options)
    cost more than the rest of the page. The HTML is the same as Django's (options escaped with
    the standard library's html.escape, as Django's escape does, without its check for lazy text
    on every call)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = set(self.format_value(value))
        options = []
        for group_name, group_choices in self._choice_groups():
            rendered = "".join(option_html(v, str(label), v in selected) for v, label in group_choices)
            options.append(
                f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>' if group_name else rendered
            )
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{"".join(options)}</select>')

    def _choice_groups(self):
        """(group label or None, [(value as text, label)]): Django's grouping of `choices`."""
        group = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):
                if group:
                    yield None, group
                    group = []
                yield value, [(_text(v), option) for v, option in label]
            else:
                group.append((_text(value), label))
        if group:
            yield None, group
