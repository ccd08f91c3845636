import pytest
from django.urls import reverse

from tests.factories import ConferenceFactory


def test_login_page_is_served_in_vietnamese(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "Đăng nhập" in response.text and 'lang="vi"' in response.text
    assert "Content-Security-Policy" in response.headers
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_anonymous_visitors_are_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_wrong_password_gets_a_clear_message(client, demo_users):
    response = client.post(reverse("login"), {"username": "canbo", "password": "sai"})
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.text


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("staff", "Cán bộ cơ quan Mặt trận"),
        ("office", "Cán bộ đơn vị (góp ý, báo cáo)"),
        ("leader", "Lãnh đạo"),
        ("admin", "Quản trị hệ thống"),
    ],
)
def test_each_demo_user_lands_on_the_home_page_of_its_role(client, demo_users, role, heading):
    from reports.demo.services import DEMO_USERS

    username, password = next((u, p) for u, p, r, *_ in DEMO_USERS if r == role)
    response = client.post(reverse("login"), {"username": username, "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert f'<h1 class="h3">{heading}</h1>' in response.text
    assert "Công tác Mặt trận năm 2016" in response.text


def test_password_change(client, users):
    client.force_login(users["office"])
    response = client.post(
        reverse("password_change"),
        {"old_password": "mat-khau-thu-nghiem", "new_password1": "123", "new_password2": "123"},
    )
    assert "Mật khẩu quá ngắn" in response.text
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "mat-khau-thu-nghiem",
            "new_password1": "Giao-ban-2017!",
            "new_password2": "Giao-ban-2017!",
        },
    )
    assert response.status_code == 302
    users["office"].refresh_from_db()
    assert users["office"].check_password("Giao-ban-2017!")


def test_admin_is_for_administrators_only(client, users):
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    client.force_login(users["admin"])
    assert client.get("/quan-tri/accounts/unit/").status_code == 200
    client.force_login(users["staff"])
    assert client.get("/quan-tri/accounts/unit/").status_code == 302


def test_offices_see_only_conferences_above_or_below_them(client, users, province):
    provincial = ConferenceFactory(host_unit=province["board"], subject="giao ban tỉnh")
    provincial.attendance.create(kind="district_committees", description="Mặt trận các huyện").units.set(
        [province["district_a"], province["district_b"]]
    )
    not_invited = ConferenceFactory(host_unit=province["board"], subject="giao ban riêng")
    other_district = ConferenceFactory(host_unit=province["district_b"], subject="giao ban huyện B")
    client.force_login(users["office"])
    assert client.get(reverse("conferences:record", args=[provincial.pk])).status_code == 200
    assert client.get(reverse("conferences:record", args=[other_district.pk])).status_code == 404
    assert client.get(reverse("conferences:record", args=[not_invited.pk])).status_code == 404
    listing = client.get(reverse("conferences:list")).text
    assert "Giao ban tỉnh" in listing and "huyện B" not in listing and "riêng" not in listing
    client.force_login(users["staff"])
    assert client.get(reverse("conferences:record", args=[other_district.pk])).status_code == 200


def test_record_view_reads_like_the_report(client, demo, demo_users):
    client.force_login(demo_users["leader"])
    text = client.get(reverse("conferences:record", args=[demo.pk])).text
    order = [
        "Ngày 27 tháng 12 năm 2016, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh đã tổ chức hội nghị giao ban trực tuyến",
        "Hội nghị đã thông qua các nội dung: Dự thảo báo cáo",
        "I. Kết quả cụ thể:",
        "1. Đối với dự thảo báo cáo công tác Mặt trận năm 2016",
        "2. Những khó khăn, hạn chế",
        "3. Những kiến nghị, đề xuất.",
        "II. Kết thúc.",
        "Trên đây là báo cáo kết quả giao ban trực tuyến công tác Mặt trận năm 2016",
    ]
    positions = [text.index(fragment) for fragment in order]
    assert positions == sorted(positions)


def test_vietnamese_by_default_even_for_an_english_browser_and_english_on_request(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in response.text
    client.post(reverse("set_language"), {"language": "en", "next": "/dang-nhap/"})
    response = client.get(reverse("login"))
    assert '<html lang="en">' in response.text
    assert "Log in" in response.text


def test_health_check_answers_with_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.text == "ok" and "no-cache" in response.headers["Cache-Control"]


def test_record_page_links_staff_to_the_open_items_of_earlier_conferences(client, demo, demo_users):
    client.force_login(demo_users["staff"])
    text = client.get(reverse("conferences:record", args=[demo.pk])).text
    assert reverse("recommendations:carry_over", args=[demo.pk]) in text
    client.force_login(demo_users["office"])
    text = client.get(reverse("conferences:record", args=[demo.pk])).text
    assert reverse("recommendations:carry_over", args=[demo.pk]) not in text


def test_the_office_home_counts_the_directives_its_unit_still_owes(client, demo_users):
    from recommendations.models import Directive

    office = demo_users["office"]
    owned = Directive.objects.owned_by(office.unit_id)
    open_count, overdue = owned.open().count(), owned.overdue().count()
    assert open_count and overdue  # the demo: the district still owes directives past their due date
    client.force_login(office)
    text = client.get(reverse("home")).text
    assert f"{open_count} việc chưa hoàn thành" in text and f"{overdue} việc quá hạn" in text
    owned.update(status=Directive.Status.DONE)
    assert "Không có kết luận, chỉ đạo nào đơn vị còn phải thực hiện." in client.get(reverse("home")).text
