import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from frontwork.accounts.models import Unit
from tests.factories import UnitFactory

UNDER_ITSELF = "Không thể đặt một đơn vị dưới chính nó hoặc dưới một đơn vị cấp dưới của nó."


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


@pytest.fixture
def areas(db):
    """Central committee (the National Assembly under it); province A with its authorities and
    two communes, the first with its own People's Committee; province B with its own."""
    K = Unit.Kind
    central = UnitFactory(code="tw", kind=K.CENTRAL)
    a = UnitFactory(code="tinh-a", kind=K.PROVINCIAL_COMMITTEE, parent=central)
    b = UnitFactory(code="tinh-b", kind=K.PROVINCIAL_COMMITTEE, parent=central)
    a1 = UnitFactory(code="xa-a1", kind=K.COMMUNE_COMMITTEE, parent=a)
    a2 = UnitFactory(code="xa-a2", kind=K.COMMUNE_COMMITTEE, parent=a)
    return {
        "central": central,
        "a": a,
        "b": b,
        "a1": a1,
        "a2": a2,
        "central_board": UnitFactory(code="btt-tw", kind=K.STANDING_BOARD, parent=central),
        "a_board": UnitFactory(code="btt-a", kind=K.STANDING_BOARD, parent=a),
        "a1_board": UnitFactory(code="btt-a1", kind=K.STANDING_BOARD, parent=a1),
        "national_assembly": UnitFactory(code="quoc-hoi", kind=K.AUTHORITY, parent=central),
        "a_party": UnitFactory(code="tu-a", kind=K.PARTY_COMMITTEE, parent=a),
        "a_council": UnitFactory(code="hdnd-a", kind=K.PEOPLES_COUNCIL, parent=a),
        "a_committee": UnitFactory(code="ubnd-a", kind=K.PEOPLES_COMMITTEE, parent=a),
        "a_police": UnitFactory(code="ca-a", kind=K.AUTHORITY, parent=a),
        "a1_committee": UnitFactory(code="ubnd-a1", kind=K.PEOPLES_COMMITTEE, parent=a1),
        "a2_committee": UnitFactory(code="ubnd-a2", kind=K.PEOPLES_COMMITTEE, parent=a2),
        "b_committee": UnitFactory(code="ubnd-b", kind=K.PEOPLES_COMMITTEE, parent=b),
    }


def _codes(units):
    return {unit.code for unit in units}


def test_a_commune_conference_addresses_the_authorities_of_its_area_and_those_above(areas):
    assert _codes(Unit.objects.authorities_for(areas["a1_board"])) == {
        "quoc-hoi",
        "tu-a",
        "hdnd-a",
        "ubnd-a",
        "ca-a",
        "ubnd-a1",
    }


def test_a_provincial_conference_addresses_neither_its_communes_nor_another_province(areas):
    expected = {"quoc-hoi", "tu-a", "hdnd-a", "ubnd-a", "ca-a"}
    assert _codes(Unit.objects.authorities_for(areas["a_board"])) == expected
    assert _codes(Unit.objects.authorities_for(areas["a"])) == expected


def test_a_central_conference_addresses_the_national_bodies(areas):
    assert _codes(Unit.objects.authorities_for(areas["central_board"])) == {"quoc-hoi"}


@pytest.mark.parametrize(
    "unit, committee",
    [
        ("a1_board", "a1"),
        ("a1", "a1"),
        ("a_committee", "a"),
        ("central_board", "central"),
        ("national_assembly", "central"),
    ],
)
def test_front_committee_is_the_nearest_committee_at_or_above_a_unit(areas, unit, committee):
    assert areas[unit].front_committee() == areas[committee]


def test_a_unit_outside_every_committee_has_none(db):
    assert UnitFactory(code="ubnd-goc", kind=Unit.Kind.PEOPLES_COMMITTEE).front_committee() is None


def test_authority_kinds_are_the_bodies_outside_the_front():
    K = Unit.Kind
    assert set(Unit.AUTHORITY_KINDS) == {
        K.PARTY_COMMITTEE,
        K.PEOPLES_COUNCIL,
        K.PEOPLES_COMMITTEE,
        K.AUTHORITY,
    }
    assert [str(K(kind).label) for kind in Unit.AUTHORITY_KINDS] == [
        "Cấp ủy Đảng",
        "Hội đồng nhân dân",
        "Ủy ban nhân dân",
        "Cơ quan, tổ chức khác",
    ]


def test_bulk_create_tree_gives_the_paths_save_gives(province):
    committee = province["committee"]
    communes = Unit.objects.bulk_create_tree(
        [
            Unit(code=f"xa-{i}", name=f"xã {i}", kind=Unit.Kind.COMMUNE_COMMITTEE, parent=committee)
            for i in range(3)
        ]
    )
    boards = Unit.objects.bulk_create_tree(
        [
            Unit(code=f"btt-{c.code}", name="Ban Thường trực", kind=Unit.Kind.STANDING_BOARD, parent=c)
            for c in communes
        ]
    )
    for unit in [*communes, *boards]:
        stored = Unit.objects.get(pk=unit.pk)
        assert stored.path == unit.path == f"{unit.parent.path}{unit.pk}/"
    assert boards[0].ancestor_ids() == [committee.pk, communes[0].pk, boards[0].pk]
    assert set(Unit.objects.within(communes[1])) == {communes[1], boards[1]}


def _admin_change(client, unit, **changes):
    data = {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "position": unit.position,
        "active_from": "",
        "active_to": "",
        "email": unit.email,
        **changes,
    }
    return client.post(reverse("admin:accounts_unit_change", args=[unit.pk]), data)


def test_the_admin_refuses_to_move_a_unit_under_its_own_descendant(admin_client, province):
    district, commune = province["district_a"], province["commune_a"]
    page = _admin_change(admin_client, district, parent=commune.pk)
    assert page.status_code == 200
    assert page.context["adminform"].form.errors["parent"] == [UNDER_ITSELF]
    district.refresh_from_db()
    commune.refresh_from_db()
    assert district.parent == province["committee"] and commune.parent == district
    page = _admin_change(admin_client, district, parent=district.pk)
    assert page.context["adminform"].form.errors["parent"] == [UNDER_ITSELF]


def test_the_admin_still_moves_a_unit_elsewhere(admin_client, province):
    page = _admin_change(admin_client, province["commune_a"], parent=province["district_b"].pk)
    assert page.status_code == 302
    province["commune_a"].refresh_from_db()
    assert province["commune_a"].parent == province["district_b"]


def test_saving_a_unit_under_its_own_descendant_is_refused_whatever_the_caller(province):
    committee, commune = province["committee"], province["commune_a"]
    committee.parent = commune
    with pytest.raises(ValidationError) as refused:
        committee.save()
    assert refused.value.message_dict == {"parent": [UNDER_ITSELF]}
    assert Unit.objects.get(pk=committee.pk).parent_id is None
    assert Unit.objects.get(pk=commune.pk).ancestor_ids()[0] == committee.pk


def test_the_admin_refuses_an_end_date_before_the_start_date(admin_client, province):
    page = _admin_change(
        admin_client, province["district_a"], active_from="2020-01-01", active_to="2019-12-31"
    )
    assert page.context["adminform"].form.errors["active_to"] == [
        "Ngày thôi hoạt động không được trước ngày bắt đầu hoạt động."
    ]
