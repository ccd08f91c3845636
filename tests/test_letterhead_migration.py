"""Migration reports 0007: a layout saved on first use had copied the defaults of the time (the
parent unit's name and the unit's short name, in capitals); those lines are emptied so that they
follow the tree, and lines an administrator typed stay."""

from tests.factories import UnitFactory
from tests.migrations_support import back_to, forward

BEFORE = [("reports", "0006_draft_version_conversion")]


def test_frozen_defaults_are_emptied_and_typed_lines_kept(transactional_db, province):
    district = UnitFactory(
        code="long-bien",
        name="Ủy ban MTTQ Việt Nam quận Long Biên",
        short_name="Mặt trận quận Long Biên",
        parent=province["committee"],
    )
    try:
        LayoutSettings = back_to(*BEFORE[0]).get_model("reports", "LayoutSettings")
        # what the old default wrote: the parent's name, the unit's short name
        LayoutSettings.objects.create(
            unit_id=district.pk,
            parent_body_line="ỦY BAN MTTQ VIỆT NAM TỈNH",
            issuing_body_line="MẶT TRẬN QUẬN LONG BIÊN",
        )
        LayoutSettings.objects.create(
            unit_id=province["board"].pk,
            parent_body_line="ỦY BAN MTTQ VIỆT NAM TỈNH CAO BẰNG",
            issuing_body_line="BAN THƯỜNG TRỰC",
        )
    finally:
        forward()
    from reports.final.document import unit_letterhead
    from reports.models import LayoutSettings

    frozen = LayoutSettings.objects.get(unit=district)
    assert (frozen.parent_body_line, frozen.issuing_body_line) == ("", "")
    # what printed "… TỈNH / MẶT TRẬN QUẬN LONG BIÊN" now prints the district's own letterhead
    assert unit_letterhead(frozen) == ("ỦY BAN MTTQ VIỆT NAM QUẬN LONG BIÊN", "BAN THƯỜNG TRỰC")
    typed = LayoutSettings.objects.get(unit=province["board"])
    assert typed.parent_body_line == "ỦY BAN MTTQ VIỆT NAM TỈNH CAO BẰNG"
    # "Ban Thường trực" was also the old default (the board's name), so it follows the tree now
    assert typed.issuing_body_line == ""
