import difflib
import re
import unicodedata

from django.db.models import Q


def nfc(value):
    """Text in Unicode NFC (the composed form the records, the report and its PDF use); other
    values as they are."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def word_diff(before, after, separator=None):
    """The two texts cut into words (at whitespace, or at `separator`) and compared: a list of
    (tag, words before, words after), tag being "equal", "replace", "delete" or "insert"."""
    old, new = before.split(separator), after.split(separator)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def search_key(text):
    """The form of a text that search compares: no diacritics (đ → d), case folded, single spaces.
    "Hỗ trợ kinh phí" → "ho tro kinh phi"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.casefold().split())


class SearchableQuerySet:
    """Query-set mixin: `matching(query)` searches the stored `search_text` ignoring diacritics
    and case ("ho tro kinh phi" finds "Hỗ trợ kinh phí")."""

    def matching(self, query):
        condition = matching_condition(query)
        return self.filter(condition) if condition is not None else self


def matching_condition(query):
    """What `matching(query)` filters on, as a Q (None for a query without letters or digits)."""
    key = search_key(query)
    return Q(search_text__contains=key) if key else None


class Searchable:
    """Model mixin: keeps the `search_text` field equal to the search key of `search_fields`."""

    search_fields = ("text",)

    def save(self, *args, **kwargs):
        self.search_text = search_key(" ".join(getattr(self, name) or "" for name in self.search_fields))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.search_fields) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


# Characters that have no place in typed text: the C0 controls other than tab, line feed and
# carriage return (XML, hence .xlsx and .docx, cannot hold them), lone surrogates and the two
# non-characters U+FFFE, U+FFFF.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile("[\r\n]")
# Word's manual line break and page break arrive as U+000B and U+000C: an export shows them as
# a new line, the rest is dropped.
_EXPORT_REPLACEMENTS = {"\x0b": "\n", "\x0c": "\n"}


def forbidden_character(value, *, one_line=False):
    """The first character of `value` that a text field refuses (also CR and LF if `one_line`),
    or None."""
    found = FORBIDDEN_CHARACTERS.search(value)
    if found is None and one_line:
        found = LINE_BREAKS.search(value)
    return found.group() if found else None


def exportable(value):
    """`value` with the characters an export file cannot hold replaced (U+000B, U+000C by a line
    break) or dropped; other values as they are. For text stored before the forms refused them."""
    if not isinstance(value, str) or FORBIDDEN_CHARACTERS.search(value) is None:
        return value
    return FORBIDDEN_CHARACTERS.sub(lambda m: _EXPORT_REPLACEMENTS.get(m.group(), ""), value)
