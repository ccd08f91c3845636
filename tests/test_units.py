import datetime

from frontwork.accounts.models import Unit
from tests.factories import UnitFactory


def test_path_follows_the_tree_and_moves_with_the_parent(province):
    commune = province["commune_a"]
    assert commune.ancestor_ids() == [province["committee"].pk, province["district_a"].pk, commune.pk]
    district = province["district_a"]
    district.parent = province["district_b"]
    district.save()
    commune.refresh_from_db()
    assert commune.ancestor_ids()[:3] == [province["committee"].pk, province["district_b"].pk, district.pk]
    assert set(Unit.objects.within(province["district_b"])) == {province["district_b"], district, commune}


def test_active_on_keeps_dissolved_units_for_old_dates(db):
    old = UnitFactory(code="huyen-cu", active_to=datetime.date(2025, 6, 30))
    new = UnitFactory(code="xa-moi", kind=Unit.Kind.COMMUNE_COMMITTEE, active_from=datetime.date(2025, 7, 1))
    assert set(Unit.objects.active_on(datetime.date(2016, 12, 27))) == {old}
    assert set(Unit.objects.active_on(datetime.date(2025, 7, 1))) == {new}
    assert old.is_active_on(datetime.date(2025, 6, 30)) and not old.is_active_on(datetime.date(2025, 7, 1))
