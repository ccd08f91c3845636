"""Conference list (filters, search), create and edit of the conference itself, and the number of
queries of every page of the editor."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conferences import services
from conferences.editing import all_sections, get_section
from conferences.models import Conference
from tests.factories import ConferenceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- list -------------------------------------------------------------------------------------


def test_list_filters_by_year_kind_status_and_searches(client, users, province):
    ConferenceFactory(
        host_unit=province["board"], subject="công tác Mặt trận năm 2016", period="year", period_number=None
    )
    ConferenceFactory(
        host_unit=province["board"], subject="công tác tháng 11", period_year=2016, status="closed"
    )
    ConferenceFactory(
        host_unit=province["board"],
        subject="công tác quý 1 năm 2017",
        kind="public_opinion",
        period="quarter",
        period_year=2017,
        period_number=1,
    )
    client.force_login(users["leader"])
    url = reverse("conferences:list")

    def subjects(**params):
        return client.get(url, params).text

    text = subjects(year=2017)
    assert "Công tác quý 1 năm 2017" in text and "tháng 11" not in text
    text = subjects(kind="public_opinion")
    assert "Công tác quý 1 năm 2017" in text and "năm 2016" not in text
    text = subjects(status="closed")
    assert "Công tác tháng 11" in text and "năm 2016" not in text
    text = subjects(q="quý")
    assert "quý 1" in text and "tháng 11" not in text
    text = subjects(q="không có gì")
    assert "Không có hội nghị nào khớp với điều kiện lọc." in text
    text = subjects(year="abc")
    assert "Công tác tháng 11" in text  # a bad filter is ignored, not an error page


def test_list_pagination_keeps_the_filters(client, users, province):
    for _n in range(30):
        ConferenceFactory(host_unit=province["board"], kind="briefing", period_number=11)
    client.force_login(users["staff"])
    text = client.get(reverse("conferences:list"), {"kind": "briefing"}).text
    assert "?kind=briefing&amp;page=2" in text


@pytest.mark.parametrize("role", ["staff", "office"])
def test_list_runs_the_same_queries_with_1_and_50_conferences(client, users, province, role):
    client.force_login(users[role])
    url = reverse("conferences:list") + "?year=2016"

    def make(n):
        for _ in range(n):
            c = ConferenceFactory(host_unit=province["board"])
            c.attendance.create(kind="district_committees", description="x").units.set(
                [province["district_a"]]
            )

    make(1)
    one = count_queries(client, url)
    make(49)
    assert count_queries(client, url) == one


# --- record, editing page, history: the same queries at 1 and 50 items -----------------------


def fill(conference, province, n):
    """`n` items in every section (tasks under one opinion), with units."""
    units = [province["district_a"], province["district_b"]]
    opinion = conference.draft_opinions.first() or services.item_create(
        section=get_section("opinions"), parent=conference, data={"draft_title": "dự thảo"}
    )
    for section in all_sections():
        parent = opinion if section.key == "tasks" else conference
        for i in range(n if section.key != "opinions" else 0):
            data = {section.title_field: f"{section.key} {i}"}
            if section.key == "attendance":
                data.update(kind="district_committees", units=units)
            elif section.key == "agenda":
                data["presenters"] = units
            elif section.key == "directives":
                data.update(owners=units, due_date=datetime.date(2017, 1, 10))
            elif section.key == "recommendations":
                data.update(raised_by=units, addressee=province["board"])
            else:
                data["raised_by"] = units
            services.item_create(section=section, parent=parent, data=data)


@pytest.mark.parametrize(
    "page",
    ["conferences:record", "conferences:edit", "conferences:history"],
)
def test_pages_run_the_same_queries_with_1_and_50_items(client, users, province, page):
    conference = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    client.force_login(users["staff"])
    url = reverse(page, args=[conference.pk])
    fill(conference, province, 1)
    one = count_queries(client, url)
    fill(conference, province, 49)
    text = client.get(url).text
    assert "directives 48" in text  # the newest
    if page != "conferences:history":  # (the history is paginated)
        assert "difficulties 48" in text and "tasks 48" in text and "agenda 48" in text
    assert count_queries(client, url) == one


# --- the conference itself --------------------------------------------------------------------


def conference_data(province, **overrides):
    data = {
        "kind": "briefing",
        "period": "year",
        "period_year": "2016",
        "period_number": "",
        "subject": "công tác Mặt trận năm 2016",
        "date": "2016-12-27",
        "format": "online",
        "site_count": "7",
        "location": "",
        "host_unit": str(province["board"].pk),
        "chair": "Ban Thường trực",
        "status": "held",
        "recommendations_intro": "Tại hội nghị, các huyện kiến nghị:",
        "conclusions_intro": "Kết thúc hội nghị, Ban Thường trực đề nghị:",
    }
    data.update(overrides)
    return data


def test_staff_create_a_conference_then_land_on_its_editing_page(client, users, province):
    client.force_login(users["staff"])
    form = client.get(reverse("conferences:create")).text
    assert f'<option value="{province["board"].pk}" selected>' in form
    response = client.post(reverse("conferences:create"), conference_data(province))
    conference = Conference.objects.get()
    assert response.url == reverse("conferences:edit", args=[conference.pk])
    assert conference.created_by == users["staff"] and conference.version == 1
    assert conference.history.get().history_user == users["staff"]
    page = client.get(response.url).text
    assert "Thành phần tham dự" in page and "II. Kết luận, chỉ đạo" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"subject": ""}, "subject", "Trường này là bắt buộc."),
        ({"date": "1890-01-01"}, "date", "Ngày họp không hợp lý"),
        ({"period_year": "2010"}, "period_year", "Năm của kỳ không khớp với ngày họp (2016)."),
        ({"period": ""}, "period", "Hãy chọn kỳ của giao ban: tháng, quý, 6 tháng hoặc năm."),
        ({"kind": "public_opinion", "period": ""}, "period", "Hãy chọn kỳ của giao ban dư luận xã hội"),
        ({"period": "month"}, "period_number", "Hãy ghi tháng (1–12)."),
        (
            {"period": "month", "period_number": "13"},
            "period_number",
            "Với kỳ tháng, kỳ thứ phải từ 1 đến 12.",
        ),
        ({"period": "quarter", "period_number": "5"}, "period_number", "Với kỳ quý, kỳ thứ phải từ 1 đến 4."),
        ({"period": "quarter", "period_number": "0"}, "period_number", "Với kỳ quý, kỳ thứ phải từ 1 đến 4."),
        (
            {"period": "half_year", "period_number": "3"},
            "period_number",
            "Với kỳ 6 tháng, kỳ thứ phải từ 1 đến 2.",
        ),
        ({"period_number": "3"}, "period_number", "Kỳ năm không có kỳ thứ; hãy để trống."),
        ({"kind": "peoples"}, "period", "Hội nghị nhân dân, đối thoại không theo kỳ; hãy để trống."),
        ({"kind": "thematic", "period": "", "period_number": "2"}, "period_number", "không theo kỳ"),
        ({"period": "week"}, "period", "Hãy chọn một lựa chọn hợp lệ"),
        ({"kind": "monthly"}, "kind", "Hãy chọn một lựa chọn hợp lệ"),
        ({"start_time": "25:00"}, "start_time", "Nhập một thời gian hợp lệ"),
        ({"host_unit": "999999"}, "host_unit", "Đơn vị không tồn tại"),
        ({"format": "in_person"}, "site_count", "Hội nghị trực tiếp không có điểm cầu"),
    ],
)
def test_conference_validation_next_to_the_field(client, users, province, overrides, field, message):
    client.force_login(users["staff"])
    response = client.post(reverse("conferences:create"), conference_data(province, **overrides))
    assert response.status_code == 200
    text = response.text
    assert message in text
    # The message sits in the field's own block.
    block = text[text.index(f'id="div_id_{field}"') :]
    assert message in block[: block.index("</div>\n", block.index(message))]
    assert not Conference.objects.exists()


def test_a_future_conference_cannot_be_held_already(client, users, province):
    client.force_login(users["staff"])
    soon = timezone.localdate() + datetime.timedelta(days=30)
    data = conference_data(province, date=soon.isoformat(), period_year=str(soon.year))
    response = client.post(reverse("conferences:create"), data)
    assert "Hội nghị chưa diễn ra" in response.text
    data["status"] = "planned"
    assert client.post(reverse("conferences:create"), data).status_code == 302


def test_host_unit_must_be_active_on_the_conference_date(client, users, province):
    province["board"].active_to = datetime.date(2015, 1, 1)
    province["board"].save()
    client.force_login(users["staff"])
    data = conference_data(province, host_unit=str(province["board"].pk))
    assert "Đơn vị này không hoạt động vào ngày họp." in client.post(reverse("conferences:create"), data).text


def test_two_people_editing_the_conference_the_second_is_refused(client, users, province):
    conference = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    url = reverse("conferences:update", args=[conference.pk])
    client.force_login(users["staff"])
    first = conference_data(province, subject="giao ban năm 2016 (bản của Lan)", version="1")
    assert client.post(url, first).status_code == 302
    client.force_login(users["admin"])
    second = conference_data(province, subject="giao ban năm 2016 (bản thứ hai)", version="1")
    text = client.post(url, second).text
    conference.refresh_from_db()
    assert conference.subject == "giao ban năm 2016 (bản của Lan)" and conference.version == 2
    assert "Chưa lưu: người khác vừa sửa mục này." in text
    assert "giao ban năm 2016 (bản của Lan)" in text and "giao ban năm 2016 (bản thứ hai)" in text
    assert 'name="version" value="2"' in text


def test_moving_the_date_past_the_end_of_a_unit_named_in_the_record_is_refused(client, users, province):
    """Item forms only offer units active on the conference date; moving the date must not leave
    the record naming units that did not exist on the new date."""
    conference = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    province["district_a"].active_to = datetime.date(2020, 12, 31)
    province["district_a"].save()
    section = get_section("difficulties")
    difficulty = services.item_create(
        section=section,
        parent=conference,
        data={"text": "Thiếu kinh phí.", "raised_by": [province["district_a"]]},
    )
    url = reverse("conferences:update", args=[conference.pk])
    client.force_login(users["staff"])
    data = conference_data(province, date="2021-03-01", period_year="2021", version="1")
    text = client.post(url, data).text
    assert "không hoạt động vào ngày này: Mặt trận huyện A." in text
    # Next to the date field; the page still shows the saved date.
    assert re.search(r'id="error_1_id_date"><strong>Các đơn vị sau [^<]*không hoạt động vào ngày này', text)
    assert ">27/12/2016</a>" in text
    conference.refresh_from_db()
    assert conference.date == datetime.date(2016, 12, 27) and conference.version == 1
    # Earlier dates where the unit was active are fine, and so is the later one once the item is gone.
    assert (
        client.post(
            url, conference_data(province, date="2019-06-01", period_year="2019", version="1")
        ).status_code
        == 302
    )
    services.item_delete(section=section, item=difficulty, expected_version=difficulty.version)
    assert (
        client.post(
            url, conference_data(province, date="2021-03-01", period_year="2021", version="2")
        ).status_code
        == 302
    )
