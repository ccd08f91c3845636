"""How the record and the report name a conference: the kind's noun joined with the subject
without doubled words, and the period as a person says it. This is the report's wording
(Vietnamese whatever the interface language), so it is not translated."""

# How a sentence names each kind (the report's wording, so not translated).
KIND_NOUNS = {
    "briefing": "giao ban",
    "public_opinion": "giao ban dư luận xã hội",
    "peoples": "hội nghị nhân dân",
    "cluster": "giao ban cụm",
    "thematic": "hội nghị",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


HOI_NGHI = ["hội", "nghị"]
# Words a subject may start with that the kind's noun says already (dropped from the subject).
KIND_ABSORBS = {
    "briefing": ["giao ban"],
    "public_opinion": ["giao ban dư luận xã hội", "dư luận xã hội"],
    "peoples": ["nhân dân"],
    "cluster": ["giao ban"],
    "thematic": [],
}
# A subject starting with one of these names the meeting itself: the noun keeps only its head.
KIND_HEADS = {"cluster": (["cụm"], ["khu", "vực"]), "peoples": (["đối", "thoại"],)}


def _fold(words):
    return [word.casefold() for word in words]


def noun_and_rest(kind, subject):
    """(the kind's noun, the subject without the words the noun says already)."""
    noun = KIND_NOUNS.get(kind, "hội nghị")
    rest = subject.split()
    if _fold(rest[:2]) == HOI_NGHI:
        rest = rest[2:]
    for phrase in KIND_ABSORBS.get(kind, []):
        words = phrase.split()
        if _fold(rest[: len(words)]) == words:
            rest = rest[len(words) :]
            break
    if any(_fold(rest[: len(head)]) == head for head in KIND_HEADS.get(kind, ())):
        noun = "hội nghị" if kind == "peoples" else "giao ban"
    return noun, " ".join(rest)


def as_meeting(name):
    """A name preceded by "hội nghị" unless it starts with it: "hội nghị giao ban …"."""
    return name if _fold(name.split()[:2]) == HOI_NGHI else f"hội nghị {name}"


def period_label(period, number, year):
    """ "tháng 11 năm 2016", "quý I năm 2017", "6 tháng đầu năm 2025", "năm 2016"; "" without a
    period."""
    if period == "month" and number:
        return f"tháng {number} năm {year}"
    if period == "quarter" and number:
        return f"quý {ROMAN.get(number, number)} năm {year}"
    if period == "half_year" and number:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if period == "year":
        return f"năm {year}"
    return ""
