import unicodedata


def search_key(text):
    """The form of a text that search compares: no diacritics (đ → d), case folded, single spaces.
    "Hỗ trợ kinh phí" → "ho tro kinh phi"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return " ".join(stripped.casefold().split())
