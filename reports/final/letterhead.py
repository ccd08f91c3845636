"""What a report prints by default, from the organisation tree (Decree 30/2020/NĐ-CP, Appendix I):
the letterhead's two lines, the place name, the document code and the recipients, each a function of
the issuing (host) unit and of its committee's level. Nothing here is stored: a saved layout or a
report's own fields override these, and an empty field goes back to them.

- First line: the issuing body's direct superior in full, in capitals. For a standing board (or a
  committee issuing through its standing board) that is its Front committee: "ỦY BAN MTTQ VIỆT NAM
  XÃ …", "ỦY BAN MTTQ VIỆT NAM TỈNH …" (the usual abbreviation of the Front's guidance), and the
  central committee in full: "ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM".
- Second line: the issuing body, never a short name: "BAN THƯỜNG TRỰC", "BAN TUYÊN GIÁO".
"""

import datetime
import re

from frontwork.accounts.models import Unit

FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam"
FRONT_ABBREVIATED = "Ủy ban MTTQ Việt Nam"
STANDING_BOARD = "Ban Thường trực"
# From this day local government has two levels (provinces and communes): a province's committees
# below it are communes.
REFORM_DATE = datetime.date(2025, 7, 1)
# Where the central committee sits: its documents print this place name.
CENTRAL_PLACE = "Hà Nội"

# The types of division a place name starts with in a letterhead line. A line never breaks inside a
# place name: the words from the type to the end of the line are joined by no-break spaces.
DIVISION_TYPES = ("thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã", "phường")
_PLACE = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(word) for word in DIVISION_TYPES) + r")(\s+\S.*)$", re.IGNORECASE
)
NBSP = "\u00a0"


def keep_place_together(line):
    """ "ỦY BAN MTTQ VIỆT NAM PHƯỜNG LONG XUYÊN" with no-break spaces in "PHƯỜNG LONG XUYÊN"."""
    match = _PLACE.search(line)
    if not match:
        return line
    place = match.group(0).strip()
    return line[: match.start()] + re.sub(r"\s+", NBSP, place)


def print_lines(text):
    """A letterhead field as printed: one entry per line typed, each kept whole on its place name."""
    return [keep_place_together(line.strip()) for line in (text or "").splitlines() if line.strip()]


def committee_of(unit):
    if unit is None:
        return None
    if unit.kind in Unit.COMMITTEE_KINDS:
        return unit
    return unit.committee if unit.committee_id else unit.front_committee()


def area(committee):
    """The area in the committee's name: "tỉnh Tuyên Quang", "xã Thượng Lâm", "huyện Bình Giang";
    "" for the central committee or a name that does not say."""
    if committee is None or committee.kind == Unit.Kind.CENTRAL:
        return ""
    name = " ".join(committee.name.split())
    for prefix in (FRONT, FRONT_ABBREVIATED, "Ủy ban MTTQ", "Mặt trận"):
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :]
    return ""


def committee_heading(committee):
    """The committee as a letterhead's first line names it, in ordinary case: "Ủy ban MTTQ Việt Nam
    tỉnh Tuyên Quang"; the central committee in full."""
    name = " ".join(committee.name.split())
    if committee.kind == Unit.Kind.CENTRAL:
        return name
    place = area(committee)
    return f"{FRONT_ABBREVIATED} {place}" if place else name


def _issuing_name(unit, committee):
    """The issuing body's own name, without its committee's: "Ban Thường trực", "Văn phòng"."""
    if unit.pk == committee.pk or unit.kind == Unit.Kind.STANDING_BOARD:
        return STANDING_BOARD
    name = " ".join(unit.name.split())
    for suffix in (committee.name, committee_heading(committee), area(committee)):
        suffix = " ".join(suffix.split())
        if suffix and name.lower().endswith(" " + suffix.lower()):
            return name[: -len(suffix) - 1]
    return name


def default_lines(unit):
    """(first line, second line) of the letterhead of reports `unit` issues, in capitals.

    A committee issues its briefing reports through its standing board; a board or department of
    a committee has the committee above it; a unit outside the Front has its parent."""
    committee = committee_of(unit)
    if committee is None:
        return ((unit.parent.name if unit.parent_id else "").upper(), unit.name.upper())
    return committee_heading(committee).upper(), _issuing_name(unit, committee).upper()


def default_place_name(unit):
    """The place name printed before the date: the unit's own, else its committee's division's."""
    if unit is None:
        return ""
    committee = committee_of(unit)
    if unit.place_name or committee is None:
        return unit.place_name
    if committee.kind == Unit.Kind.CENTRAL:
        return committee.place_name or CENTRAL_PLACE
    return committee.place_name


def level_of(unit):
    committee = committee_of(unit)
    return {
        Unit.Kind.CENTRAL: "central",
        Unit.Kind.PROVINCIAL_COMMITTEE: "province",
        Unit.Kind.DISTRICT_COMMITTEE: "district",
        Unit.Kind.COMMUNE_COMMITTEE: "commune",
    }.get(committee.kind if committee else None)


def default_code(unit):
    """The code after the number: report (BC), the Front (MTTW for the central committee, MTTQ
    below), the issuing body (BTT for the standing board; a department's initials)."""
    committee = committee_of(unit)
    front = "MTTW" if committee is not None and committee.kind == Unit.Kind.CENTRAL else "MTTQ"
    if committee is None or unit.pk == committee.pk or unit.kind == Unit.Kind.STANDING_BOARD:
        return f"BC-{front}-BTT"
    words = re.findall(r"\w+", _issuing_name(unit, committee))
    initials = "".join(word[0] for word in words).upper()
    return f"BC-{front}-{initials}" if initials else f"BC-{front}"


def default_signature(unit):
    """How a report of `unit` is signed by default: the standing board's chair on its behalf ("TM.
    BAN THƯỜNG TRỰC" / "CHỦ TỊCH"); a department's head in their own name."""
    committee = committee_of(unit)
    if committee is None or unit.pk == committee.pk or unit.kind == Unit.Kind.STANDING_BOARD:
        return {"signer_authority": "TM.", "signer_body": "BAN THƯỜNG TRỰC", "signer_title": "CHỦ TỊCH"}
    office = _issuing_name(unit, committee).lower().startswith("văn phòng")
    return {
        "signer_authority": "",
        "signer_body": "",
        "signer_title": "CHÁNH VĂN PHÒNG" if office else "TRƯỞNG BAN",
    }


def _party_committee_word(level, place):
    """How the area's Party committee is called in "Thường trực … , HĐND, UBND …"."""
    kind = place.split(" ", 1)[0].lower() if place else ""
    if level == "commune":
        return "Đảng ủy"
    if place.lower().startswith("thành phố"):
        return "Thành ủy"
    if place.lower().startswith("thị xã"):
        return "Thị ủy"
    return {"quận": "Quận ủy", "huyện": "Huyện ủy"}.get(
        kind, "Huyện ủy" if level == "district" else "Tỉnh ủy"
    )


def default_recipients(unit, day):
    """ "Nơi nhận" of a report `unit` issues on `day`, by its committee's level: the superior's
    standing board, the area's Party committee and authorities, the member organisations, the
    committees below (districts before 1 July 2025, communes since), and "Lưu: VT."."""
    level = level_of(unit)
    committee = committee_of(unit)
    if level == "central":
        return [
            "Đoàn Chủ tịch UBTW MTTQ Việt Nam;",
            "Ban Thường trực Ủy ban MTTQ Việt Nam các tỉnh, thành phố;",
            "Các ban, đơn vị cơ quan UBTW MTTQ Việt Nam;",
            "Lưu: VT.",
        ]
    lines = []
    superior = committee_of(committee.parent) if committee is not None and committee.parent_id else None
    if superior is not None:
        if superior.kind == Unit.Kind.CENTRAL:
            lines.append("Ban Thường trực UBTW MTTQ Việt Nam;")
        else:
            lines.append(f"Ban Thường trực {committee_heading(superior)};")
    default_area = {"province": "tỉnh", "district": "huyện", "commune": "xã"}.get(level, "")
    place = area(committee) or default_area
    if place:
        lines.append(f"Thường trực {_party_committee_word(level, place)}, HĐND, UBND {place};")
    lines.append("Các tổ chức thành viên;")
    if level == "province":
        before_reform = day is not None and day < REFORM_DATE
        lines.append(
            "Mặt trận các huyện, thành phố;" if before_reform else "Mặt trận các xã, phường, đặc khu;"
        )
    elif level == "district":
        lines.append("Mặt trận các xã, phường, thị trấn;")
    elif level == "commune":
        lines.append("Ban công tác Mặt trận các khu dân cư;")
    lines.append("Lưu: VT.")
    return lines
