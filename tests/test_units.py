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
