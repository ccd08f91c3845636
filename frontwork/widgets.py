"""Form widgets of the project."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class Select(forms.Select):
    """A single-choice select whose options are written directly: Django builds a context and
    renders a template for every option, which on the registers' filters (hundreds of options)
    cost more than the rest of the page. The HTML is the same as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = set(self.format_value(value))
        options = []
        for group_name, group_choices in self._choice_groups():
            rendered = "".join(
                f'<option value="{escape(self._value_of(v))}"'
                f"{' selected' if str(self._value_of(v)) in selected else ''}>{escape(label)}</option>"
                for v, label in group_choices
            )
            options.append(
                f'<optgroup label="{escape(group_name)}">{rendered}</optgroup>' if group_name else rendered
            )
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{"".join(options)}</select>')

    def _choice_groups(self):
        group = []
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                if group:
                    yield None, group
                    group = []
                yield option_value, option_label
            else:
                group.append((option_value, option_label))
        if group:
            yield None, group

    @staticmethod
    def _value_of(value):
        return "" if value is None else str(value)
