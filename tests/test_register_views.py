"""The recommendations and directives registers through HTTP: access per role, search, filters,
exports, carry-over, dashboard and query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from frontwork.accounts.models import Unit, User
from recommendations.models import Directive, Recommendation
from tests.factories import ConferenceFactory, UnitFactory, UserFactory

S = Recommendation.Status


@pytest.fixture
def data(province):
    authority = UnitFactory(
        code="ubnd-tinh",
        name="Ủy ban nhân dân tỉnh",
        short_name="UBND tỉnh",
        kind=Unit.Kind.PEOPLES_COMMITTEE,
        parent=province["committee"],
    )
    earlier = ConferenceFactory(
        host_unit=province["board"],
        period_year=2015,
        date=datetime.date(2015, 12, 20),
        subject="công tác năm 2015",
    )
    conference = ConferenceFactory(
        host_unit=province["board"],
        period_year=2016,
        date=datetime.date(2016, 12, 27),
        subject="công tác năm 2016",
    )
    own = Recommendation.objects.create(
        conference=conference,
        position=1,
        text="Đề nghị Hỗ trợ kinh phí xây nhà Đại đoàn kết lên 50 triệu đồng",
        addressee=authority,
        department=province["office"],
        due_date=timezone.localdate() + datetime.timedelta(days=60),
    )
    own.raised_by.set([province["district_a"]])
    other = Recommendation.objects.create(
        conference=conference,
        position=2,
        text="Tăng phụ cấp cho trưởng ban công tác Mặt trận",
        addressee=authority,
    )
    other.raised_by.set([province["district_b"]])
    old = Recommendation.objects.create(
        conference=earlier,
        text="Sửa chữa trụ sở Mặt trận huyện",
        status=S.FORWARDED,
        due_date=datetime.date(2016, 3, 1),
    )
    old.raised_by.set([province["district_a"]])
    closed = Recommendation.objects.create(conference=earlier, text="Việc đã xong", status=S.RESOLVED)
    own_directive = Directive.objects.create(conference=conference, text="Chuẩn bị tốt các điều kiện đón Tết")
    own_directive.owners.set([province["district_a"]])
    other_directive = Directive.objects.create(
        conference=conference, text="Xây dựng chương trình phối hợp năm 2017"
    )
    other_directive.owners.set([province["district_b"]])
    old_directive = Directive.objects.create(
        conference=earlier, text="Tổng kết phong trào năm 2015", due_date=datetime.date(2016, 1, 15)
    )
    old_directive.owners.set([province["district_a"]])
    foreign_province = UnitFactory(
        code="tinh-khac", name="Ủy ban MTTQ tỉnh khác", kind=Unit.Kind.PROVINCIAL_COMMITTEE
    )
    foreign = Recommendation.objects.create(
        conference=ConferenceFactory(host_unit=foreign_province), text="Kiến nghị của tỉnh khác"
    )
    return {
        "authority": authority,
        "conference": conference,
        "earlier": earlier,
        "own": own,
        "other": other,
        "old": old,
        "closed": closed,
        "own_directive": own_directive,
        "other_directive": other_directive,
        "old_directive": old_directive,
        "foreign": foreign,
    }


REGISTER = reverse("recommendations:register")
DIRECTIVES = reverse("recommendations:directives")


@pytest.mark.parametrize("role", ["staff", "leader", "admin"])
def test_province_roles_see_the_whole_province(client, users, data, role):
    client.force_login(users[role])
    page = client.get(REGISTER).text
    for key in ("own", "other", "old", "closed"):
        assert data[key].text in page
    assert "Kiến nghị của tỉnh khác" not in page
    assert client.get(reverse("recommendations:detail", args=[data["foreign"].pk])).status_code == 404
    directives = client.get(DIRECTIVES).text
    assert "đón Tết" in directives and "chương trình phối hợp" in directives


def test_an_office_sees_only_what_its_unit_raised_or_owns(client, users, data):
    client.force_login(users["office"])
    page = client.get(REGISTER).text
    assert data["own"].text in page and data["old"].text in page
    assert data["other"].text not in page
    assert client.get(reverse("recommendations:detail", args=[data["other"].pk])).status_code == 404
    assert client.get(reverse("recommendations:detail", args=[data["own"].pk])).status_code == 200
    directives = client.get(DIRECTIVES).text
    assert "đón Tết" in directives and "chương trình phối hợp" not in directives
    assert (
        client.get(reverse("recommendations:directive", args=[data["other_directive"].pk])).status_code == 404
    )
    client.force_login(users["other_office"])
    assert client.get(reverse("recommendations:detail", args=[data["own"].pk])).status_code == 404
    assert data["other"].text in client.get(REGISTER).text


def test_an_office_sees_what_is_addressed_to_it_or_followed_by_it(client, province, data):
    department_user = UserFactory(username="vp-office", role=User.Role.OFFICE, unit=province["office"])
    client.force_login(department_user)
    page = client.get(REGISTER).text
    assert data["own"].text in page and data["other"].text not in page


@pytest.mark.parametrize(
    "url",
    [
        lambda d: REGISTER,
        lambda d: DIRECTIVES,
        lambda d: reverse("recommendations:detail", args=[d["own"].pk]),
        lambda d: reverse("recommendations:directive", args=[d["own_directive"].pk]),
        lambda d: reverse("recommendations:dashboard"),
        lambda d: reverse("recommendations:carry_over", args=[d["conference"].pk]),
        lambda d: reverse("recommendations:register_export", args=["csv"]),
        lambda d: reverse("recommendations:attachment", args=[d["own"].pk]),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, data, url):
    response = client.get(url(data))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_steps_are_taken_only_by_their_roles_and_only_on_post(client, users, data):
    url = reverse("recommendations:step", args=[data["own"].pk, "chuyen"])
    form = {"forwarded_on": "2017-01-05", "number": "12/CV-MTTQ-BTT", "note": "Chuyển UBND tỉnh"}
    client.force_login(users["staff"])
    assert client.get(url).status_code == 405
    client.force_login(users["office"])
    assert client.post(url, form).status_code == 403
    client.force_login(users["other_office"])
    assert client.post(url, form).status_code == 404
    client.force_login(users["leader"])
    assert client.post(url, form).status_code == 403
    data["own"].refresh_from_db()
    assert data["own"].status == S.NEW

    client.force_login(users["staff"])
    response = client.post(url, form, follow=True)
    assert "Đã cập nhật trạng thái: Đã chuyển" in response.text
    data["own"].refresh_from_db()
    assert (data["own"].status, data["own"].forwarded_number) == (S.FORWARDED, "12/CV-MTTQ-BTT")
    # the history shows who, when and what
    assert "Lịch sử theo dõi" in response.text and "Mới → Đã chuyển" in response.text
    assert str(users["staff"]) in response.text and "Chuyển UBND tỉnh" in response.text

    # an illegal step is refused with a clear message and changes nothing
    response = client.post(
        reverse("recommendations:step", args=[data["own"].pk, "giai-quyet"]), {"note": ""}, follow=True
    )
    assert "Không thể chuyển kiến nghị từ trạng thái “Đã chuyển” sang “Đã giải quyết”" in response.text
    data["own"].refresh_from_db()
    assert data["own"].status == S.FORWARDED

    # bad input gets a message next to nothing changed
    response = client.post(
        url.replace("chuyen", "tra-loi"), {"replied_on": "", "reply_text": ""}, follow=True
    )
    assert "Nội dung trả lời" in response.text and "bắt buộc" in response.text


def test_reply_attachment_is_downloaded_through_an_access_checked_view(
    client, users, data, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    rec = data["old"]  # forwarded, raised by district A
    client.force_login(users["staff"])
    response = client.post(
        reverse("recommendations:step", args=[rec.pk, "tra-loi"]),
        {
            "replied_on": "2016-04-01",
            "reply_text": "UBND tỉnh đã bố trí kinh phí sửa chữa.",
            "number": "88/UBND-VP",
            "attachment": SimpleUploadedFile("Trả lời.pdf", b"%PDF-1.4 reply"),
        },
    )
    assert response.status_code == 302
    url = reverse("recommendations:attachment", args=[rec.pk])
    client.force_login(users["office"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 reply"
    assert "attachment" in response["Content-Disposition"]
    assert "UBND tỉnh đã bố trí kinh phí" in client.get(reverse("recommendations:detail", args=[rec.pk])).text
    client.force_login(users["other_office"])
    assert client.get(url).status_code == 404


def test_owner_offices_report_on_their_directives(client, users, data):
    directive = data["own_directive"]
    url = reverse("recommendations:directive_report", args=[directive.pk])
    form = {"result": "done", "text": "Đã tổ chức thăm hỏi, tặng quà", "reported_on": "2017-01-20"}
    client.force_login(users["other_office"])
    assert client.post(url, form).status_code == 404
    client.force_login(users["staff"])  # sees it, but its unit is not an owner
    assert client.post(url, form).status_code == 403
    client.force_login(users["office"])
    assert "Báo cáo kết quả của" in client.get(reverse("recommendations:directive", args=[directive.pk])).text
    response = client.post(url, {"result": "done", "text": "", "reported_on": "2017-01-20"}, follow=True)
    assert "Nội dung báo cáo" in response.text
    response = client.post(url, form, follow=True)
    assert "Đã gửi báo cáo kết quả thực hiện" in response.text and "Đã tổ chức thăm hỏi" in response.text
    directive.refresh_from_db()
    assert directive.status == Directive.Status.DONE


def test_search_ignores_diacritics_and_case(client, users, data):
    client.force_login(users["staff"])
    for query in ("ho tro kinh phi", "HỖ TRỢ KINH PHÍ", "dai doan ket", "50 trieu dong"):
        page = client.get(REGISTER, {"q": query}).text
        assert data["own"].text in page, query
        assert data["other"].text not in page, query
    assert "đón Tết" in client.get(DIRECTIVES, {"q": "don tet"}).text
    assert "Không có kiến nghị nào phù hợp" in client.get(REGISTER, {"q": "khong co dau"}).text
    if connection.vendor == "postgresql":  # the search column has its trigram index there
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'recommendation_search_trgm'")
            assert "gin_trgm_ops" in cursor.fetchone()[0]


def test_filters(client, users, data, province):
    client.force_login(users["staff"])

    def shown(**params):
        page = client.get(REGISTER, params).text
        return {key for key in ("own", "other", "old", "closed") if data[key].text in page}

    assert shown(year=2015) == {"old", "closed"}
    assert shown(conference=data["conference"].pk) == {"own", "other"}
    assert shown(status="forwarded") == {"old"}
    assert shown(raised_by=province["district_a"].pk) == {"own", "old"}
    assert shown(department=province["office"].pk) == {"own"}
    assert shown(addressee=data["authority"].pk) == {"own", "other"}
    assert shown(overdue="on") == {"old"}
    page = client.get(DIRECTIVES, {"overdue": "on"}).text
    assert "Tổng kết phong trào" in page and "đón Tết" not in page
    page = client.get(DIRECTIVES, {"owner": province["district_b"].pk}).text
    assert "chương trình phối hợp" in page and "đón Tết" not in page


def test_unit_filters_offer_the_units_the_entry_forms_allow_under_their_short_names(client, users, province):
    from recommendations.filters import RecommendationFilter

    province["district_a"].short_name = "MT huyện A"
    province["district_a"].save()
    form = RecommendationFilter(user=users["staff"]).form
    addressees = {label for _, label in form.fields["addressee"].choices}
    assert "Văn phòng" in addressees and "Mặt trận huyện A" not in addressees  # not an addressee
    raisers = {label for _, label in form.fields["raised_by"].choices}
    assert "MT huyện A" in raisers and "Mặt trận huyện A" not in raisers
    client.force_login(users["staff"])
    assert ">MT huyện A</option>" in client.get(REGISTER).text


@pytest.mark.parametrize("selected", ["", "district_a", "not-a-choice"])
def test_the_filters_selects_are_those_of_the_projects_select_widget(users, data, province, selected):
    """The conference and unit selects write their options themselves (cached): the same HTML
    as frontwork.widgets.Select, a selected value and names with markup included."""
    from frontwork.widgets import Select
    from recommendations.filters import RecommendationFilter

    Unit.objects.filter(pk=province["district_a"].pk).update(short_name='MT <b>A</b> & "B"')
    value = str(province["district_a"].pk) if selected == "district_a" else selected
    form = RecommendationFilter(
        {"raised_by": value, "conference": data["conference"].pk}, user=users["staff"]
    ).form
    for name in ("raised_by", "conference", "addressee"):
        field = form[name]
        ours = str(field)
        widget = Select(attrs=field.field.widget.attrs)
        widget.choices = field.field.choices
        assert ours == field.as_widget(widget=widget)
    if selected == "district_a":
        assert (
            f'<option value="{value}" selected>MT &lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot;</option>'
            in str(form["raised_by"])
        )
    assert f'<option value="{data["conference"].pk}" selected>' in str(form["conference"])


@pytest.mark.parametrize("kind", Unit.AUTHORITY_KINDS)
def test_every_kind_of_authority_is_an_addressee_in_the_filters_and_never_a_raiser(users, province, kind):
    from recommendations.filters import DirectiveFilter, RecommendationFilter

    body = UnitFactory(code="co-quan", name="Cơ quan của tỉnh", kind=kind, parent=province["committee"])
    form = RecommendationFilter(user=users["staff"]).form
    assert body in form.fields["addressee"].queryset
    assert body not in form.fields["raised_by"].queryset
    assert body not in DirectiveFilter(user=users["staff"]).form.fields["owner"].queryset


def test_exports_carry_the_filtered_rows_with_vietnamese_headers(client, users, data, province):
    client.force_login(users["staff"])
    params = {"raised_by": province["district_a"].pk}
    response = client.get(reverse("recommendations:register_export", args=["xlsx"]), params)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "STT",
        "Nội dung kiến nghị",
        "Hội nghị",
        "Ngày họp",
        "Năm",
        "Đơn vị kiến nghị",
        "Cơ quan nhận kiến nghị",
        "Ban theo dõi",
        "Trạng thái",
    )
    assert len(rows) == 3
    # newest conference first
    assert rows[1][1] == data["own"].text and rows[1][6] == "UBND tỉnh" and rows[1][7] == "Văn phòng"
    assert rows[2][1] == data["old"].text and rows[2][8] == "Đã chuyển" and rows[2][10] == "Có"

    response = client.get(reverse("recommendations:register_export", args=["csv"]), params)
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Nội dung kiến nghị" and len(rows) == 3
    assert rows[1][1] == data["own"].text and rows[1][5] == province["district_a"].label

    response = client.get(reverse("recommendations:directives_export", args=["csv"]), {"q": "tet"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["STT", "Nội dung kết luận, chỉ đạo"] and len(rows) == 2
    assert rows[1][1] == "Chuẩn bị tốt các điều kiện đón Tết"

    client.force_login(users["other_office"])
    response = client.get(reverse("recommendations:register_export", args=["csv"]))
    body = response.content.decode("utf-8-sig")
    assert data["other"].text in body and data["own"].text not in body


def test_xlsx_dates_are_date_cells_and_csv_dates_stay_dd_mm_yyyy_text(client, users, data, province):
    client.force_login(users["staff"])
    params = {"raised_by": province["district_a"].pk}
    response = client.get(reverse("recommendations:register_export", args=["xlsx"]), params)
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    old = sheet[3]  # newest conference first: the 2015 recommendation is the second row
    meeting, due = old[header.index("Ngày họp")], old[header.index("Thời hạn")]
    assert old[1].value == data["old"].text
    # Real dates, so a spreadsheet sorts and filters by them, shown as dd/mm/yyyy.
    assert meeting.is_date and meeting.value == datetime.datetime(2015, 12, 20)
    assert due.is_date and due.value == datetime.datetime(2016, 3, 1)
    assert meeting.number_format == due.number_format == "dd/mm/yyyy"
    assert old[header.index("Ngày trả lời")].value is None  # no date: an empty cell

    response = client.get(reverse("recommendations:directives_export", args=["xlsx"]), {"q": "tong ket"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    due = sheet[2][header.index("Thời hạn")]
    assert due.is_date and due.value == datetime.datetime(2016, 1, 15) and due.number_format == "dd/mm/yyyy"

    response = client.get(reverse("recommendations:register_export", args=["csv"]), params)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    old = dict(zip(rows[0], rows[2], strict=True))
    assert old["Ngày họp"] == "20/12/2015" and old["Thời hạn"] == "01/03/2016" and old["Ngày trả lời"] == ""


def test_carry_over_lists_open_items_from_earlier_conferences(client, users, data):
    client.force_login(users["staff"])
    page = client.get(reverse("recommendations:carry_over", args=[data["conference"].pk])).text
    assert "Việc còn tồn đọng" in page
    assert data["old"].text in page and "Tổng kết phong trào" in page
    assert data["closed"].text not in page and data["own"].text not in page
    client.force_login(users["other_office"])
    page = client.get(reverse("recommendations:carry_over", args=[data["conference"].pk]))
    assert page.status_code == 404  # district B did not attend nor host


def test_the_register_links_to_the_carry_over_page(client, users, data):
    client.force_login(users["staff"])
    page = client.get(REGISTER, {"conference": data["conference"].pk}).text
    assert reverse("recommendations:carry_over", args=[data["conference"].pk]) in page


def test_repeat_count_is_shown_in_the_register(client, users, data):
    client.force_login(users["staff"])
    response = client.post(
        reverse("recommendations:link_previous", args=[data["own"].pk]), {"previous": data["old"].pk}
    )
    assert response.status_code == 302
    assert "Lần thứ 2" in client.get(REGISTER).text
    client.force_login(users["office"])
    assert (
        client.post(
            reverse("recommendations:link_previous", args=[data["own"].pk]), {"previous": ""}
        ).status_code
        == 403
    )


def test_dashboard_for_leadership(client, users, data):
    client.force_login(users["leader"])
    page = client.get(reverse("recommendations:dashboard")).text
    assert "Kiến nghị theo trạng thái" in page and "<svg" in page and "UBND tỉnh" in page
    assert "Sửa chữa trụ sở" in page  # overdue list
    assert "2015" in page and "2016" in page
    assert "style=" not in page and "<script>" not in page
    client.force_login(users["staff"])
    assert client.get(reverse("recommendations:dashboard")).status_code == 200
    client.force_login(users["office"])
    assert client.get(reverse("recommendations:dashboard")).status_code == 403
    client.force_login(users["leader"])
    assert reverse("recommendations:dashboard") in client.get(reverse("home")).text


def _make_rows(conference, unit, n, model):
    for i in range(n):
        item = model.objects.create(conference=conference, position=i, text=f"Nội dung số {i}")
        (item.raised_by if model is Recommendation else item.owners).set([unit])


@pytest.mark.parametrize(("url", "model"), [(REGISTER, Recommendation), (DIRECTIVES, Directive)])
def test_registers_run_the_same_queries_for_1_and_50_rows(client, users, province, url, model):
    conference = ConferenceFactory(host_unit=province["board"])
    client.force_login(users["staff"])
    counts = []
    for n in (1, 49):
        _make_rows(conference, province["district_a"], n, model)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx))
    assert response.text.count("Nội dung số") == 50
    assert counts[0] == counts[1]


def test_detail_page_query_count_does_not_grow_with_history(client, users, data, province):
    client.force_login(users["staff"])
    url = reverse("recommendations:detail", args=[data["own"].pk])
    from recommendations import services

    services.recommendation_assign(
        recommendation=data["own"], by=users["staff"], department=None, due_date=None
    )
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        services.recommendation_assign(
            recommendation=data["own"], by=users["staff"], department=province["office"], due_date=None
        )
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).text.count("Cập nhật theo dõi") == 6
    assert len(one) == len(six)


def test_link_to_an_earlier_recommendation_says_not_found_only_after_a_search(client, users, data):
    client.force_login(users["staff"])
    url = reverse("recommendations:detail", args=[data["own"].pk])
    # Nothing earlier went to the same addressee, so there is nothing to propose yet.
    page = client.get(url).text
    assert "Kiến nghị lặp lại" in page and "Không tìm thấy" not in page
    assert "Nhập vài từ trong nội dung để tìm kiến nghị" in page

    page = client.get(url, {"tim": "sua chua tru so"}).text
    assert data["old"].text in page and "Không tìm thấy" not in page

    page = client.get(url, {"tim": "cầu <b>treo</b>"}).text
    assert "Không tìm thấy kiến nghị trước nào khớp với “cầu &lt;b&gt;treo&lt;/b&gt;”." in page
    assert "Nhập vài từ trong nội dung" not in page


def test_leadership_closes_answered_recommendations_through_the_page(client, users, data):
    rec = data["old"]
    Recommendation.objects.filter(pk=rec.pk).update(status=S.ANSWERED)
    detail = reverse("recommendations:detail", args=[rec.pk])
    client.force_login(users["staff"])
    page = client.get(detail).text
    assert "Đã giải quyết" in page and "Không tiếp thu" not in page
    assert (
        client.post(
            reverse("recommendations:step", args=[rec.pk, "khong-tiep-thu"]), {"note": "x"}
        ).status_code
        == 403
    )
    client.force_login(users["leader"])
    page = client.get(detail).text
    assert "Lý do không tiếp thu" in page
    response = client.post(
        reverse("recommendations:step", args=[rec.pk, "khong-tiep-thu"]), {"note": ""}, follow=True
    )
    assert "Cần ghi rõ lý do không tiếp thu" in response.text
    response = client.post(
        reverse("recommendations:step", args=[rec.pk, "khong-tiep-thu"]),
        {"note": "Vượt thẩm quyền"},
        follow=True,
    )
    assert "Đã cập nhật trạng thái: Không tiếp thu" in response.text
    assert "Kiến nghị đã kết thúc theo dõi" in response.text
    client.force_login(users["office"])
    assert "Không tiếp thu" in client.get(detail).text  # the raising office reads the outcome


def test_directive_detail_and_carry_over_query_counts_do_not_grow(client, users, data, province):
    from recommendations import services

    directive = data["own_directive"]
    directive.owners.add(province["office"])
    client.force_login(users["staff"])
    detail = reverse("recommendations:directive", args=[directive.pk])
    carry = reverse("recommendations:carry_over", args=[data["conference"].pk])
    services.directive_report(
        directive=directive,
        by=users["office"],
        result="in_progress",
        text="Đang làm",
        reported_on=timezone.localdate(),
    )
    with CaptureQueriesContext(connection) as small_detail:
        client.get(detail)
    with CaptureQueriesContext(connection) as small_carry:
        client.get(carry)
    for i in range(4):
        services.directive_report(
            directive=directive,
            by=users["office"],
            result="in_progress",
            text=f"Lần {i}",
            reported_on=timezone.localdate(),
        )
        rec = Recommendation.objects.create(conference=data["earlier"], text=f"Tồn đọng {i}")
        rec.raised_by.set([province["district_a"], province["district_b"]])
        old = Directive.objects.create(conference=data["earlier"], text=f"Chỉ đạo tồn đọng {i}")
        old.owners.set([province["district_b"]])
    with CaptureQueriesContext(connection) as big_detail:
        assert client.get(detail).text.count("Đang thực hiện") >= 5
    with CaptureQueriesContext(connection) as big_carry:
        page = client.get(carry).text
    assert "Tồn đọng 3" in page and "Chỉ đạo tồn đọng 3" in page
    assert len(small_detail) == len(big_detail)
    assert len(small_carry) == len(big_carry)


def test_dashboard_query_count_does_not_grow(client, users, data, province):
    client.force_login(users["leader"])
    url = reverse("recommendations:dashboard")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for year in (2012, 2013):
        conference = ConferenceFactory(
            host_unit=province["board"], period_year=year, date=datetime.date(year, 6, 1)
        )
        for i in range(3):
            Recommendation.objects.create(
                conference=conference,
                text=f"Cũ {i}",
                addressee=UnitFactory(kind=Unit.Kind.AUTHORITY),
                due_date=datetime.date(year, 9, 1),
            )
    with CaptureQueriesContext(connection) as big:
        page = client.get(url).text
    assert "2012" in page and "Cũ 2" in page
    assert len(small) == len(big)


def test_search_results_keep_the_register_order(client, users, data):
    Recommendation.objects.create(conference=data["earlier"], position=5, text="Hỗ trợ kinh phí năm trước")
    Recommendation.objects.create(
        conference=data["conference"], position=9, text="Hỗ trợ kinh phí cuối danh sách"
    )
    client.force_login(users["staff"])
    for params in ({"q": "ho tro kinh phi"}, {}):
        page = client.get(REGISTER, params).text
        newest, last_of_newest, older = (
            page.index(data["own"].text[:40]),
            page.index("Hỗ trợ kinh phí cuối danh sách"),
            page.index("Hỗ trợ kinh phí năm trước"),
        )
        assert newest < last_of_newest < older, params


NOT_A_CHOICE = "không có trong danh sách để lọc; điều kiện này chưa được áp dụng"


@pytest.mark.parametrize(
    "bad",
    [{"status": "xyz"}, {"year": "abc"}, {"year": "1999"}, {"conference": "999999"}, {"addressee": "999999"}],
    ids=["status", "year-text", "year-not-offered", "conference", "unit"],
)
def test_an_invalid_filter_value_is_reported_and_the_other_filters_still_apply(
    client, users, data, province, bad
):
    client.force_login(users["staff"])
    page = client.get(REGISTER, {**bad, "raised_by": province["district_a"].pk}).text
    value = next(iter(bad.values()))
    assert f"“{value}” {NOT_A_CHOICE}" in page
    assert "Một số điều kiện lọc không hợp lệ" in page
    assert data["own"].text in page and data["old"].text in page  # raised by district A
    assert data["other"].text not in page  # raised by district B: the valid filter still applies


def test_an_invalid_directive_filter_is_reported_too(client, users, data, province):
    client.force_login(users["staff"])
    page = client.get(DIRECTIVES, {"owner": "999999", "q": "tet"}).text
    assert f"“999999” {NOT_A_CHOICE}" in page
    assert "đón Tết" in page and "Tổng kết phong trào" not in page


@pytest.mark.parametrize("url_name", ["recommendations:register_export", "recommendations:directives_export"])
def test_an_export_with_an_invalid_filter_goes_back_to_the_page_that_says_why(client, users, data, url_name):
    client.force_login(users["staff"])
    response = client.get(reverse(url_name, args=["csv"]), {"status": "xyz", "q": "tet"})
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert f"“xyz” {NOT_A_CHOICE}" in page


def _make_items(conference, model, n):
    model.objects.bulk_create(model(conference=conference, position=i, text=f"Việc số {i}") for i in range(n))


@pytest.mark.parametrize(("url", "model"), [(REGISTER, Recommendation), (DIRECTIVES, Directive)])
@pytest.mark.parametrize("number", ["9223372036854775807", "99", "100000000000000000000000"])
def test_a_page_number_past_the_end_shows_the_last_page(client, users, province, url, model, number):
    conference = ConferenceFactory(host_unit=province["board"])
    _make_items(conference, model, 60)
    client.force_login(users["staff"])
    response = client.get(url, {"page": number})
    assert response.status_code == 200
    page = response.text
    assert "Trang 2" in page and "Dòng 51–60 trên 60" in page
    assert "Việc số 59" in page and "Việc số 0<" not in page


@pytest.mark.parametrize(("url", "model"), [(REGISTER, Recommendation), (DIRECTIVES, Directive)])
@pytest.mark.parametrize("number", ["-1", "0", "abc", "", "1.5"])
def test_a_page_number_below_one_or_not_a_number_shows_the_first_page(
    client, users, province, url, model, number
):
    conference = ConferenceFactory(host_unit=province["board"])
    _make_items(conference, model, 60)
    client.force_login(users["staff"])
    response = client.get(url, {"page": number})
    assert response.status_code == 200
    assert "Trang 1" in response.text and "Việc số 0<" in response.text and "Việc số 59" not in response.text


def test_register_rows_link_to_each_items_page(client, users, data):
    client.force_login(users["staff"])
    assert f'href="{data["own"].get_absolute_url()}"' in client.get(REGISTER).text
    assert f'href="{data["own_directive"].get_absolute_url()}"' in client.get(DIRECTIVES).text


def test_register_cells_escape_what_users_typed(client, users, data, province):
    data["own"].text = "<b>Kiến nghị</b> & <script>x</script>"
    data["own"].save()
    data["authority"].short_name = "<i>UBND</i>"
    data["authority"].save()
    province["district_a"].short_name = '"><em>MT A</em>'
    province["district_a"].save()
    client.force_login(users["staff"])
    page = client.get(REGISTER).text
    assert "&lt;b&gt;Kiến nghị&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;" in page
    assert "&lt;i&gt;UBND&lt;/i&gt;" in page and "&quot;&gt;&lt;em&gt;MT A&lt;/em&gt;" in page
    assert "<script>x" not in page and "<i>UBND" not in page and "<em>MT A" not in page
