"""Administration scoped to a committee (/quan-tri/): an administrator of a committee manages the
units and users of its subtree and nothing else; only a superuser made on the command line
manages the whole tree."""

import pytest
from django.urls import reverse

from frontwork.accounts.models import Unit, User
from recommendations.models import Recommendation
from tests.factories import ConferenceFactory, UnitFactory, UserFactory

K = Unit.Kind


@pytest.fixture
def two_provinces(db):
    units = {}
    for key in ["p1", "p2"]:
        units[key] = UnitFactory(code=key, name=f"Ủy ban MTTQ tỉnh {key}", kind=K.PROVINCIAL_COMMITTEE)
        units[f"btt_{key}"] = UnitFactory(
            code=f"btt-{key}", name=f"Ban Thường trực {key}", kind=K.STANDING_BOARD, parent=units[key]
        )
        units[f"xa_{key}"] = UnitFactory(
            code=f"xa-{key}", name=f"Ủy ban MTTQ xã của {key}", kind=K.COMMUNE_COMMITTEE, parent=units[key]
        )
    return units


@pytest.fixture
def admins(two_provinces):
    return {
        key: UserFactory(
            username=f"quantri-{key}", role=User.Role.ADMIN, unit=two_provinces[f"btt_{key}"], is_staff=True
        )
        for key in ["p1", "p2"]
    } | {"office_p2": UserFactory(username="xa-p2", role=User.Role.OFFICE, unit=two_provinces["xa_p2"])}


@pytest.fixture
def admin_client(client, admins):
    client.force_login(admins["p1"])
    return client


def test_the_unit_list_holds_the_committees_subtree_only(admin_client, two_provinces):
    page = admin_client.get(reverse("admin:accounts_unit_changelist")).text
    assert "Ủy ban MTTQ xã của p1" in page and "Ban Thường trực p1" in page
    assert "p2" not in page.replace("quantri-p1", "")


def test_the_user_list_holds_the_committees_users_only(admin_client, admins):
    page = admin_client.get(reverse("admin:accounts_user_changelist")).text
    assert "quantri-p1" in page and "quantri-p2" not in page and "xa-p2" not in page


@pytest.mark.parametrize("unit", ["p2", "btt_p2", "xa_p2"])
def test_another_committees_unit_is_not_found(admin_client, two_provinces, unit):
    pk = two_provinces[unit].pk
    assert admin_client.get(reverse("admin:accounts_unit_change", args=[pk])).status_code == 404
    assert (
        admin_client.post(reverse("admin:accounts_unit_delete", args=[pk]), {"post": "yes"}).status_code
        == 404
    )
    assert Unit.objects.filter(pk=pk).exists()


@pytest.mark.parametrize("user", ["p2", "office_p2"])
def test_another_committees_user_is_not_found(admin_client, admins, user):
    pk = admins[user].pk
    assert admin_client.get(reverse("admin:accounts_user_change", args=[pk])).status_code == 404
    url = reverse("admin:auth_user_password_change", args=[pk])
    assert (
        admin_client.post(url, {"password1": "mat-khau-moi-123", "password2": "mat-khau-moi-123"}).status_code
        == 404
    )
    assert User.objects.get(pk=pk).check_password("mat-khau-thu-nghiem")


def _unit_data(unit, **overrides):
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "position": unit.position,
        "active_from": "",
        "active_to": "",
        "email": "",
        "place_name": "",
        "division_code": "",
    } | overrides


def test_a_unit_cannot_be_moved_outside_the_subtree(admin_client, two_provinces):
    commune = two_provinces["xa_p1"]
    url = reverse("admin:accounts_unit_change", args=[commune.pk])
    response = admin_client.post(url, _unit_data(commune, parent=two_provinces["p2"].pk))
    assert response.status_code == 200
    assert "Đơn vị không tồn tại hoặc không thuộc phạm vi quản lý của bạn." in response.text
    commune.refresh_from_db()
    assert commune.parent == two_provinces["p1"]


def test_a_new_unit_goes_inside_the_subtree(admin_client, two_provinces):
    url = reverse("admin:accounts_unit_add")
    data = _unit_data(Unit(code="ban-moi", name="Ban mới", kind=K.DEPARTMENT), parent="")
    response = admin_client.post(url, data)
    assert response.status_code == 200 and not Unit.objects.filter(code="ban-moi").exists()
    response = admin_client.post(url, data | {"parent": two_provinces["p1"].pk})
    assert response.status_code == 302
    assert Unit.objects.get(code="ban-moi").committee == two_provinces["p1"]


def test_the_own_committee_is_not_moved(admin_client, two_provinces):
    province = two_provinces["p1"]
    page = admin_client.get(reverse("admin:accounts_unit_change", args=[province.pk])).text
    assert 'name="parent"' not in page and 'name="kind"' not in page
    assert 'name="name"' in page


def test_no_superuser_is_made_through_a_committees_administrator(admin_client, two_provinces):
    user = UserFactory(username="canbo-p1", role=User.Role.STAFF, unit=two_provinces["btt_p1"])
    url = reverse("admin:accounts_user_change", args=[user.pk])
    page = admin_client.get(url).text
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    data = {
        "username": "canbo-p1",
        "first_name": "Lan",
        "last_name": "Nguyễn Thị",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "unit": two_provinces["xa_p1"].pk,
        "role": User.Role.LEADER,
        "title": "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2016-12-01",
        "date_joined_1": "08:00:00",
    }
    assert admin_client.post(url, data).status_code == 302
    user.refresh_from_db()
    assert user.role == User.Role.LEADER and user.unit == two_provinces["xa_p1"]
    assert not user.is_superuser


def test_a_user_cannot_be_placed_in_another_committee(admin_client, two_provinces):
    user = UserFactory(username="canbo-p1", role=User.Role.STAFF, unit=two_provinces["btt_p1"])
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "username": "canbo-p1",
        "is_active": "on",
        "unit": two_provinces["btt_p2"].pk,
        "role": User.Role.STAFF,
        "date_joined_0": "2016-12-01",
        "date_joined_1": "08:00:00",
    }
    response = admin_client.post(url, data)
    assert "Đơn vị không tồn tại hoặc không thuộc phạm vi quản lý của bạn." in response.text
    user.refresh_from_db()
    assert user.unit == two_provinces["btt_p1"]


def test_other_models_are_for_superusers_only(admin_client, two_provinces):
    conference = ConferenceFactory(host_unit=two_provinces["btt_p1"])
    recommendation = Recommendation.objects.create(conference=conference, text="Kiến nghị")
    assert admin_client.get(reverse("admin:recommendations_recommendation_changelist")).status_code == 403
    url = reverse("admin:recommendations_recommendation_change", args=[recommendation.pk])
    assert admin_client.get(url).status_code == 403
    index = admin_client.get(reverse("admin:index")).text
    assert "Kiến nghị" not in index and reverse("admin:accounts_unit_changelist") in index


def test_the_unit_autocomplete_offers_the_subtree_only(admin_client, two_provinces):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "unit", "field_name": "parent", "term": "Ủy ban"},
    )
    names = {result["text"] for result in response.json()["results"]}
    assert names == {"Ủy ban MTTQ tỉnh p1", "Ủy ban MTTQ xã của p1"}


def test_a_superuser_manages_the_whole_tree(client, two_provinces, admins):
    root = User.objects.create_superuser("root", password="mat-khau-thu-nghiem")
    client.force_login(root)
    page = client.get(reverse("admin:accounts_unit_changelist")).text
    assert "Ủy ban MTTQ xã của p1" in page and "Ủy ban MTTQ xã của p2" in page
    url = reverse("admin:accounts_user_change", args=[admins["p2"].pk])
    assert client.get(url).status_code == 200


def test_a_staff_user_without_the_administrator_role_manages_nothing(client, two_provinces):
    user = UserFactory(username="canbo", role=User.Role.STAFF, unit=two_provinces["btt_p1"], is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:accounts_unit_changelist")).status_code == 403


def test_letterhead_settings_are_scoped_to_the_subtree(admin_client, two_provinces):
    from reports.final.models import LayoutSettings

    own = LayoutSettings.objects.create(
        unit=two_provinces["btt_p1"], parent_body_line="ỦY BAN MTTQ VIỆT NAM TỈNH P1", issuing_body_line="BTT"
    )
    other = LayoutSettings.objects.create(
        unit=two_provinces["btt_p2"], parent_body_line="ỦY BAN MTTQ VIỆT NAM TỈNH P2", issuing_body_line="BTT"
    )
    page = admin_client.get(reverse("admin:reports_layoutsettings_changelist")).text
    assert "TỈNH P1" in page and "TỈNH P2" not in page
    assert admin_client.get(reverse("admin:reports_layoutsettings_change", args=[own.pk])).status_code == 200
    assert (
        admin_client.get(reverse("admin:reports_layoutsettings_change", args=[other.pk])).status_code == 404
    )


def test_the_admin_refuses_control_characters_like_every_form(admin_client, two_provinces):
    commune = two_provinces["xa_p1"]
    url = reverse("admin:accounts_unit_change", args=[commune.pk])
    response = admin_client.post(url, _unit_data(commune, name="Mặt trận\x0bxã"))
    assert response.status_code == 200
    assert "chứa ký tự điều khiển không được phép (U+000B)" in response.text
    response = admin_client.post(url, _unit_data(commune, short_name="Xã\r\nmột"))
    assert "chỉ được viết trên một dòng" in response.text
    commune.refresh_from_db()
    assert "\x0b" not in commune.name and "\n" not in commune.short_name


def test_every_admin_form_has_text_hygiene(rf, admins):
    from django.contrib import admin

    from frontwork.forms import TextHygiene

    request = rf.get("/")
    request.user = User.objects.filter(is_superuser=True).first() or admins["p1"]
    request.user.is_superuser = True
    ours = {"accounts", "conferences", "reports", "recommendations", "signing", "notifications"}
    for model_admin in admin.site._registry.values():
        if model_admin.model._meta.app_label not in ours:
            continue
        assert issubclass(model_admin.get_form(request), TextHygiene), type(model_admin).__name__
