"""Migration accounts 0003: outside authorities get their kind from their name and move under the
committee of their area (docs/organisation-tree.md, "Upgrading a database")."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations_support import back_to, forward

BEFORE = [("accounts", "0002_unit_area_kinds")]


@pytest.fixture
def old_tree(transactional_db):
    """The database as it was before the migration, with a way to create units the old way."""
    Unit = back_to(*BEFORE[0]).get_model("accounts", "Unit")

    def unit(code, name, kind="authority", parent=None):
        created = Unit.objects.create(code=code, name=name, kind=kind, parent=parent)
        created.path = f"{parent.path if parent else '/'}{created.pk}/"
        created.save()
        return created

    yield unit
    forward()


def _migrate():
    forward()
    from frontwork.accounts.models import Unit

    return {unit.code: unit for unit in Unit.objects.select_related("parent")}


def test_root_authorities_get_their_kind_and_move_under_the_only_province(old_tree):
    central = old_tree("tw", "Ủy ban Trung ương MTTQ Việt Nam", "central")
    old_tree("tinh", "Ủy ban MTTQ Việt Nam tỉnh", "provincial_committee", central)
    old_tree("tinh-uy", "Tỉnh ủy")
    council = old_tree("hdnd", "Hội đồng nhân dân tỉnh")
    old_tree("vp-hdnd", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", parent=council)
    old_tree("ubnd", "Uỷ ban nhân dân tỉnh")  # the older spelling
    old_tree("ubnd-viet-tat", "UBND tỉnh")
    old_tree("cong-an", "Công an tỉnh")
    old_tree("quoc-hoi", "Quốc hội")
    units = _migrate()
    kinds = {code: unit.kind for code, unit in units.items()}
    assert kinds == {
        "tw": "central",
        "tinh": "provincial_committee",
        "tinh-uy": "party_committee",
        "hdnd": "peoples_council",
        "vp-hdnd": "authority",
        "ubnd": "peoples_committee",
        "ubnd-viet-tat": "peoples_committee",
        "cong-an": "authority",
        "quoc-hoi": "authority",
    }
    parents = {code: unit.parent.code if unit.parent else None for code, unit in units.items()}
    assert parents == {
        "tw": None,
        "tinh": "tw",
        "tinh-uy": "tinh",
        "hdnd": "tinh",
        "vp-hdnd": "hdnd",
        "ubnd": "tinh",
        "ubnd-viet-tat": "tinh",
        "cong-an": "tinh",
        "quoc-hoi": "tw",
    }
    for unit in units.values():
        assert unit.path == unit.path_below_parent(), unit.code


def test_with_several_provinces_the_authorities_get_their_kind_and_stay_where_they_are(old_tree):
    old_tree("tinh-a", "Ủy ban MTTQ Việt Nam tỉnh A", "provincial_committee")
    old_tree("tinh-b", "Ủy ban MTTQ Việt Nam tỉnh B", "provincial_committee")
    old_tree("tinh-uy", "Tỉnh ủy A")
    units = _migrate()
    assert units["tinh-uy"].kind == "party_committee" and units["tinh-uy"].parent is None


def test_an_authority_already_in_the_tree_gets_its_kind_and_stays(old_tree):
    province = old_tree("tinh", "Ủy ban MTTQ Việt Nam tỉnh", "provincial_committee")
    commune = old_tree("xa", "Ủy ban MTTQ Việt Nam xã A", "commune_committee", province)
    old_tree("dang-uy-xa", "Đảng ủy xã A", parent=commune)
    units = _migrate()
    assert units["dang-uy-xa"].kind == "party_committee" and units["dang-uy-xa"].parent.code == "xa"


BEFORE_COMMITTEE = [("accounts", "0003_authorities_in_their_area")]


@pytest.fixture
def tree_without_committees(transactional_db):
    Unit = back_to(*BEFORE_COMMITTEE[0]).get_model("accounts", "Unit")

    def unit(code, kind, parent=None):
        created = Unit.objects.create(code=code, name=code, kind=kind, parent=parent)
        created.path = f"{parent.path if parent else '/'}{created.pk}/"
        created.save()
        return created

    yield unit
    forward()


def test_existing_units_get_the_committee_they_belong_to(tree_without_committees):
    unit = tree_without_committees
    central = unit("tw", "central")
    province = unit("tinh", "provincial_committee", central)
    board = unit("btt", "standing_board", province)
    unit("btt-ban", "department", board)
    unit("ubnd", "peoples_committee", province)
    district = unit("huyen", "district_committee", province)
    unit("btt-huyen", "standing_board", district)
    commune = unit("xa", "commune_committee", district)
    unit("khu", "residential_area", commune)
    unit("le", "authority")  # outside any committee
    units = _migrate()
    committees = {code: u.committee.code if u.committee_id else None for code, u in units.items()}
    assert committees == {
        "tw": "tw",
        "tinh": "tinh",
        "btt": "tinh",
        "btt-ban": "tinh",
        "ubnd": "tinh",
        "huyen": "huyen",
        "btt-huyen": "huyen",
        "xa": "xa",
        "khu": "xa",
        "le": None,
    }
    assert units["xa"].level == "commune" and units["ubnd"].level == "province"


def test_administrators_of_a_committee_are_no_longer_superusers(tree_without_committees):
    executor = MigrationExecutor(connection)
    User = executor.loader.project_state(BEFORE_COMMITTEE).apps.get_model("accounts", "User")
    province = tree_without_committees("tinh", "provincial_committee")
    User.objects.create(
        username="quantri", role="admin", unit_id=province.pk, is_superuser=True, is_staff=True
    )
    User.objects.create(username="root", role="office", is_superuser=True, is_staff=True)
    _migrate()
    from frontwork.accounts.models import User as CurrentUser

    superusers = dict(CurrentUser.objects.values_list("username", "is_superuser"))
    assert superusers == {"quantri": False, "root": True}
    assert CurrentUser.objects.get(username="quantri").is_staff
