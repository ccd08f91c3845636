"""Kinds of conference and their periods, hosts at every level and co-hosts (who sees a co-hosted
conference, and that co-hosts read it only)."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from conferences import services
from conferences.models import Conference
from conferences.selectors import conference_history
from frontwork.accounts.models import Unit, User
from tests.factories import ConferenceFactory, UnitFactory, UserFactory
from tests.test_entry_pages import conference_data


@pytest.fixture
def other_province(db):
    committee = UnitFactory(
        code="tinh-b", name="Ủy ban MTTQ Việt Nam tỉnh B", kind=Unit.Kind.PROVINCIAL_COMMITTEE
    )
    return {
        "committee": committee,
        "board": UnitFactory(
            code="btt-b", name="Ban Thường trực tỉnh B", kind=Unit.Kind.STANDING_BOARD, parent=committee
        ),
        "office": UnitFactory(
            code="vp-b", name="Văn phòng tỉnh B", kind=Unit.Kind.DEPARTMENT, parent=committee
        ),
    }


@pytest.fixture
def peoples_committee(province):
    return UnitFactory(
        code="ubnd-tinh",
        name="Ủy ban nhân dân tỉnh",
        kind=Unit.Kind.PEOPLES_COMMITTEE,
        parent=province["committee"],
    )


# --- the form ---------------------------------------------------------------------------------


def test_the_form_speaks_of_conferences_and_their_hosts(client, users, province):
    client.force_login(users["staff"])
    text = client.get(reverse("conferences:create")).text
    labels = {
        re.sub(r"<[^>]+>|\*", "", m).strip()
        for m in re.findall(r"<(?:label|legend)[^>]*>(.*?)</", text, re.S)
    }
    for label in (
        "Loại hội nghị",
        "Kỳ",
        "Kỳ thứ",
        "Năm",
        "Giờ họp",
        "Đơn vị chủ trì tổ chức",
        "Đơn vị phối hợp",
    ):
        assert label in labels, label
    for kind, label in Conference.Kind.choices:
        assert f'<option value="{kind}">{label}</option>' in text


def test_staff_create_a_co_hosted_conference_with_its_time(client, users, province, peoples_committee):
    client.force_login(users["staff"])
    data = conference_data(
        province,
        kind="peoples",
        period="",
        subject="Hội nghị nhân dân tỉnh năm 2016",
        start_time="08:30",
        co_hosts=[str(peoples_committee.pk), str(province["district_a"].pk)],
    )
    assert client.post(reverse("conferences:create"), data).status_code == 302
    conference = Conference.objects.get()
    assert conference.kind == "peoples" and conference.period == "" and conference.period_number is None
    assert conference.start_time == datetime.time(8, 30)
    assert set(conference.co_hosts.all()) == {peoples_committee, province["district_a"]}
    # One history entry, the co-hosts in it.
    (entry,) = conference_history(conference)
    assert entry.action == "created"
    assert ("đơn vị phối hợp", "—", "Mặt trận huyện A, Ủy ban nhân dân tỉnh") in [
        (str(label), before, after) for label, before, after in entry.changes
    ]


def test_changing_the_co_hosts_is_one_entry_of_the_history(client, users, province, peoples_committee):
    conference = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    client.force_login(users["staff"])
    url = reverse("conferences:update", args=[conference.pk])
    data = conference_data(province, version="1", co_hosts=[str(peoples_committee.pk)])
    assert client.post(url, data).status_code == 302
    conference.refresh_from_db()
    assert list(conference.co_hosts.all()) == [peoples_committee] and conference.version == 2
    changed = [e for e in conference_history(conference) if e.action == "changed"]
    assert len(changed) == 1
    co_hosts = [c for c in changed[0].changes if str(c[0]) == "đơn vị phối hợp"]
    assert co_hosts and "Ủy ban nhân dân tỉnh" in "".join(text for text, _ in co_hosts[0][2])


def test_a_forged_co_host_of_another_province_is_refused_and_nothing_saved(
    client, users, province, other_province
):
    client.force_login(users["staff"])
    data = conference_data(province, co_hosts=[str(other_province["committee"].pk)])
    response = client.post(reverse("conferences:create"), data)
    assert response.status_code == 200
    assert (
        "Đơn vị không tồn tại, không thuộc phạm vi của bạn hoặc không hoạt động vào ngày họp."
        in response.text
    )
    assert not Conference.objects.exists()


def test_a_forged_co_host_is_refused_on_update_and_nothing_changes(client, users, province, other_province):
    conference = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    client.force_login(users["staff"])
    url = reverse("conferences:update", args=[conference.pk])
    data = conference_data(province, version="1", subject="đổi", co_hosts=[str(other_province["board"].pk)])
    assert "Đơn vị không tồn tại" in client.post(url, data).text
    conference.refresh_from_db()
    assert conference.version == 1 and conference.subject != "đổi" and not conference.co_hosts.exists()


def test_the_host_is_not_its_own_co_host(client, users, province):
    client.force_login(users["staff"])
    data = conference_data(province, co_hosts=[str(province["board"].pk)])
    assert "Đơn vị chủ trì tổ chức không đồng thời là đơn vị phối hợp." in (
        client.post(reverse("conferences:create"), data).text
    )
    assert not Conference.objects.exists()


def test_a_co_host_must_be_active_on_the_date(client, users, province):
    province["district_b"].active_to = datetime.date(2015, 1, 1)
    province["district_b"].save()
    client.force_login(users["staff"])
    data = conference_data(province, co_hosts=[str(province["district_b"].pk)])
    assert (
        "Không hoạt động vào ngày họp: Mặt trận huyện B."
        in client.post(reverse("conferences:create"), data).text
    )
    assert not Conference.objects.exists()


def test_the_central_committee_can_host(client, db):
    central = UnitFactory(code="ubtw", name="Ủy ban Trung ương MTTQ Việt Nam", kind=Unit.Kind.CENTRAL)
    admin = UserFactory(username="tw", role=User.Role.ADMIN, unit=central)
    client.force_login(admin)
    assert f'<option value="{central.pk}"' in client.get(reverse("conferences:create")).text
    data = conference_data({"board": central}, kind="cluster", period="half_year", period_number="2")
    assert client.post(reverse("conferences:create"), data).status_code == 302
    assert Conference.objects.get().host_unit == central


# --- the rules below the form -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "briefing", "period": "", "period_number": None}, "period"),
        ({"kind": "briefing", "period": "month", "period_number": None}, "period_number"),
        ({"kind": "briefing", "period": "month", "period_number": 13}, "period_number"),
        ({"kind": "cluster", "period": "half_year", "period_number": 3}, "period_number"),
        ({"kind": "public_opinion", "period": "year", "period_number": 1}, "period_number"),
        ({"kind": "peoples", "period": "month", "period_number": 2}, "period"),
        ({"kind": "thematic", "period": "", "period_number": 2}, "period_number"),
    ],
)
def test_the_service_and_the_database_refuse_a_period_that_does_not_fit(province, values, field):
    data = {
        "period_year": 2016,
        "subject": "công tác",
        "date": datetime.date(2016, 12, 27),
        "format": "in_person",
        "host_unit": province["board"],
        "status": "held",
        **values,
    }
    with pytest.raises(ValidationError) as refused:
        services.conference_create(data=data, user=None)
    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Conference.objects.create(**data)
    assert not Conference.objects.exists()


@pytest.mark.parametrize(
    ("kind", "period", "number"),
    [
        ("briefing", "month", 1),
        ("briefing", "month", 12),
        ("briefing", "quarter", 4),
        ("public_opinion", "half_year", 2),
        ("cluster", "year", None),
        ("peoples", "", None),
        ("thematic", "", None),
    ],
)
def test_every_kind_with_a_period_it_takes_is_saved(province, kind, period, number):
    conference = ConferenceFactory(
        host_unit=province["board"], kind=kind, period=period, period_number=number
    )
    conference.full_clean()


@pytest.mark.parametrize(
    ("period", "number", "label"),
    [
        ("month", 11, "tháng 11 năm 2016"),
        ("quarter", 3, "quý III năm 2016"),
        ("half_year", 1, "6 tháng đầu năm 2016"),
        ("half_year", 2, "6 tháng cuối năm 2016"),
        ("year", None, "năm 2016"),
    ],
)
def test_the_period_reads_as_a_person_says_it(period, number, label):
    assert (
        Conference(kind="briefing", period=period, period_number=number, period_year=2016).period_label
        == label
    )


def test_a_conference_without_period_has_no_label():
    assert Conference(kind="peoples", period="", period_year=2016).period_label == ""


# --- who sees a co-hosted conference ------------------------------------------------------------


@pytest.fixture
def co_hosted(province, other_province):
    conference = ConferenceFactory(host_unit=province["board"], subject="giao ban cụm hai tỉnh")
    conference.co_hosts.set([other_province["committee"]])
    return conference


def test_a_co_hosts_users_see_the_conference_read_only(client, co_hosted, other_province):
    for role in (User.Role.STAFF, User.Role.ADMIN, User.Role.LEADER):
        user = UserFactory(role=role, unit=other_province["office"])
        client.force_login(user)
        assert client.get(reverse("conferences:record", args=[co_hosted.pk])).status_code == 200
        assert "giao ban cụm hai tỉnh" in client.get(reverse("conferences:list")).text.lower()
        for name in ("conferences:update", "conferences:edit"):
            assert client.get(reverse(name, args=[co_hosted.pk])).status_code == 403, (role, name)
        data = conference_data({"board": other_province["board"]}, version="1", subject="đổi")
        assert client.post(reverse("conferences:update", args=[co_hosted.pk]), data).status_code == 403
    co_hosted.refresh_from_db()
    assert co_hosted.subject == "giao ban cụm hai tỉnh" and co_hosted.version == 1


def test_a_third_province_does_not_see_a_co_hosted_conference(client, co_hosted):
    committee = UnitFactory(
        code="tinh-c", name="Ủy ban MTTQ Việt Nam tỉnh C", kind=Unit.Kind.PROVINCIAL_COMMITTEE
    )
    client.force_login(UserFactory(role=User.Role.STAFF, unit=committee))
    assert client.get(reverse("conferences:record", args=[co_hosted.pk])).status_code == 404
    assert "giao ban cụm hai tỉnh" not in client.get(reverse("conferences:list")).text.lower()


def test_a_co_hosting_district_sees_the_conference_it_did_not_attend(client, users, province):
    conference = ConferenceFactory(host_unit=province["board"], subject="giao ban cụm huyện A")
    client.force_login(users["other_office"])  # district B
    assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == 404
    conference.co_hosts.set([province["district_b"]])
    assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == 200


# --- the pages show kind, period, time and hosts ---------------------------------------------------


@pytest.mark.parametrize("page", ["conferences:record", "conferences:edit", "reports:final_report"])
def test_the_pages_show_the_kind_period_time_and_hosts(client, users, province, peoples_committee, page):
    conference = ConferenceFactory(
        host_unit=province["board"],
        kind="public_opinion",
        period="quarter",
        period_number=3,
        start_time=datetime.time(8, 30),
        location="Hội trường tỉnh",
    )
    conference.co_hosts.set([peoples_committee, province["district_a"]])
    client.force_login(users["staff"])
    text = client.get(reverse(page, args=[conference.pk])).text
    assert "Giao ban dư luận xã hội · quý 3/2016 · 28/11/2016 08:30 · Hội trường tỉnh" in text
    assert (
        "Đơn vị chủ trì tổ chức: Ban Thường trực (Ủy ban MTTQ Việt Nam tỉnh) · "
        "Đơn vị phối hợp: Mặt trận huyện A, Ủy ban nhân dân tỉnh" in text
    )


def test_the_list_shows_the_period(client, users, province):
    ConferenceFactory(host_unit=province["board"], kind="cluster", period="half_year", period_number=2)
    ConferenceFactory(host_unit=province["board"], kind="thematic", period="", period_number=None)
    client.force_login(users["staff"])
    text = client.get(reverse("conferences:list")).text
    assert "Giao ban cụm, khu vực · 6 tháng cuối năm 2016" in text
    assert "Hội nghị chuyên đề, đột xuất</td>" in text


def test_the_list_names_the_committee_of_each_host(client, users, province):
    """Every committee's standing board is "Ban Thường trực": the province's list, which holds its
    communes' conferences too, says whose board hosts each."""
    board_a = UnitFactory(
        code="btt-xa-a",
        name="Ban Thường trực xã A",
        short_name="Ban Thường trực",
        kind=Unit.Kind.STANDING_BOARD,
        parent=province["commune_a"],
    )
    ConferenceFactory(host_unit=province["board"])
    ConferenceFactory(host_unit=board_a)
    client.force_login(users["staff"])
    text = client.get(reverse("conferences:list")).text
    assert ">Ban Thường trực (Ủy ban MTTQ Việt Nam tỉnh)</td>" in text
    assert ">Ban Thường trực (Mặt trận xã A)</td>" in text


@pytest.mark.parametrize(
    ("kind", "subject", "shown"),
    [
        (
            "briefing",
            "công tác Mặt trận năm 2016",
            "Hội nghị giao ban công tác Mặt trận năm 2016 (27/12/2016)",
        ),
        ("peoples", "Hội nghị nhân dân khu phố 3", "Hội nghị nhân dân khu phố 3 (27/12/2016)"),
        ("thematic", "chuyên đề về giám sát", "Hội nghị chuyên đề về giám sát (27/12/2016)"),
    ],
)
def test_a_conference_reads_by_its_kind(kind, subject, shown):
    assert str(Conference(kind=kind, subject=subject, date=datetime.date(2016, 12, 27))) == shown


def test_a_co_hosts_users_do_not_change_the_hosts_report(client, co_hosted, other_province):
    from reports.final import selectors as report_selectors
    from reports.final import services as report_services
    from reports.models import Draft, RenderJob
    from tests.test_report_final_pages import make_version

    report = report_services.final_report_get_or_create(conference=co_hosted)
    version = make_version(report, 1)
    staff = UserFactory(role=User.Role.STAFF, unit=other_province["office"])
    client.force_login(staff)
    assert client.get(reverse("reports:final_report", args=[co_hosted.pk])).status_code == 200  # reads it
    posted = client.post(reverse("reports:final_report", args=[co_hosted.pk]), {"number": "99"})
    assert posted.status_code == 403
    assert client.post(reverse("reports:final_report_render", args=[co_hosted.pk])).status_code == 403
    assert not RenderJob.objects.exists()
    # Drafts are attached only to the conferences one's own side holds.
    form = client.get(reverse("drafts:create")).text
    assert f'value="{co_hosted.pk}"' not in form
    assert not Draft.objects.filter(conference=co_hosted).exists()
    leader = UserFactory(role=User.Role.LEADER, unit=other_province["board"])
    client.force_login(leader)
    assert client.post(reverse("reports:version_approve", args=[version.pk])).status_code == 403
    assert not report_selectors.versions_awaiting_approval(leader).exists()
    version.refresh_from_db()
    assert version.approved_at is None


def test_a_province_hosts_through_its_own_bodies_the_central_committee_co_hosts(client, users, province):
    central = UnitFactory(code="ubtw", name="Ủy ban Trung ương MTTQ Việt Nam", kind=Unit.Kind.CENTRAL)
    province["committee"].parent = central  # the province's superior: within its area
    province["committee"].save()
    client.force_login(users["staff"])
    form = client.get(reverse("conferences:create")).text
    host_picker = form[
        form.index('name="host_unit"') : form.index("</select>", form.index('name="host_unit"'))
    ]
    # The province hosts through its own bodies, not through a committee below it.
    assert f'value="{central.pk}"' not in host_picker and f'value="{province["board"].pk}"' in host_picker
    assert f'value="{province["district_a"].pk}"' not in host_picker
    data = conference_data(province, host_unit=str(central.pk))
    assert "Đơn vị không tồn tại" in client.post(reverse("conferences:create"), data).text
    data = conference_data(province, co_hosts=[str(central.pk)])
    assert client.post(reverse("conferences:create"), data).status_code == 302
    assert list(Conference.objects.get().co_hosts.all()) == [central]


def test_pickers_name_the_committee_of_bodies_that_share_a_name(client, province):
    """A commune's pickers offer its own standing board and its province's: both are "Ban Thường
    trực", so each is named with its committee; a name nobody shares stays as it is."""
    board = UnitFactory(
        code="btt-xa-a",
        name="Ban Thường trực xã A",
        short_name="Ban Thường trực",
        kind=Unit.Kind.STANDING_BOARD,
        parent=province["commune_a"],
    )
    client.force_login(UserFactory(username="staff-xa-a", role=User.Role.STAFF, unit=board))
    page = client.get(reverse("conferences:create")).text
    assert "<span>Ban Thường trực (Mặt trận xã A)</span>" in page
    assert "<span>Ban Thường trực (Ủy ban MTTQ Việt Nam tỉnh)</span>" in page
    assert "<span>Ban Thường trực</span></label>" not in page
    assert "<span>Ủy ban MTTQ Việt Nam tỉnh</span></label>" in page
