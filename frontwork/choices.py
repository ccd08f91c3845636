import functools

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels:
    """Model mixin: `get_FOO_display()` without rebuilding the field's choices on every call.

    Django's own version builds a dict of all the field's choices for each call, and hashing the
    lazy labels translates every one of them: 2–4 ms for a register page of 50 rows. Here the map
    from value to (still lazy) label is built once per field; the label shown is translated in
    the active language as before. (A field whose choices are a callable would have them read once
    per process here; the project has none.)"""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


@functools.cache
def _labels(field):
    return {make_hashable(value): label for value, label in field.flatchoices}
