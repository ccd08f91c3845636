import unicodedata


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
        key = search_key(query)
        return self.filter(search_text__contains=key) if key else self


class Searchable:
    """Model mixin: keeps the `search_text` field equal to the search key of `search_fields`."""

    search_fields = ("text",)

    def save(self, *args, **kwargs):
        self.search_text = search_key(" ".join(getattr(self, name) or "" for name in self.search_fields))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.search_fields) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)
