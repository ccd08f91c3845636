"""Three conferences unlike the seed, written through the services as staff would enter them,
rendered to PDF by the render job, and read back with pdftotext: every fact entered is printed, in
its section, in the genre's order."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conferences import services as records
from conferences.composition import compose, conference_with_record
from conferences.editing import get_section
from conferences.models import Conference, DiscussionOpinion
from frontwork.accounts.models import Unit, User
from recommendations import services as follow_up
from recommendations.filters import RecommendationFilter
from recommendations.models import Directive, Recommendation
from recommendations.selectors import dashboard_figures, recommendation_register
from reports.final import services as final
from reports.final.tasks import render_final_report
from reports.models import ReportVersion
from tests.factories import UnitFactory, UserFactory
from tests.pdfcheck import body_text, squash
from tests.test_composition_kinds import doubled


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def add(conference, key, parent=None, **data):
    return records.item_create(section=get_section(key), parent=parent or conference, data=data)


def rendered_text(conference, user):
    """The PDF's body text, rendered by the render job as the worker runs it."""
    report = final.final_report_get_or_create(conference=conference, user=user)
    job = final.final_report_request(report=report, user=user)
    render_final_report(job_id=job.pk)
    version = ReportVersion.objects.get(final_report=report)
    return body_text(version.file.path)


def in_order(text, facts):
    """The first fact not found after the previous one (None when all are there, in order)."""
    position = 0
    for fact in facts:
        found = text.find(squash(fact), position)
        if found < 0:
            return fact
        position = found + len(squash(fact))
    return None


def assert_no_doubled_words(conference):
    composition = compose(conference_with_record(conference.pk))
    for text, kind in composition.reading_order():
        if kind or text in (composition.opening, composition.closing):
            assert doubled(text) == [], text


# --- a district's public-opinion briefing (a record from before July 2025) -------------------


@pytest.fixture
def district(db):
    province = UnitFactory(
        code="tinh-x", name="Ủy ban MTTQ Việt Nam tỉnh X", kind=Unit.Kind.PROVINCIAL_COMMITTEE
    )
    committee = UnitFactory(
        code="mttq-phu-loc",
        name="Ủy ban MTTQ Việt Nam huyện Phú Lộc",
        kind=Unit.Kind.DISTRICT_COMMITTEE,
        parent=province,
    )
    units = {
        "board": UnitFactory(
            code="btt-phu-loc",
            name="Ban Thường trực Ủy ban MTTQ Việt Nam huyện Phú Lộc",
            kind=Unit.Kind.STANDING_BOARD,
            parent=committee,
        ),
        "ubnd": UnitFactory(
            code="ubnd-phu-loc",
            name="Ủy ban nhân dân huyện Phú Lộc",
            short_name="UBND huyện Phú Lộc",
            kind=Unit.Kind.PEOPLES_COMMITTEE,
            parent=committee,
        ),
        "loc_an": UnitFactory(
            code="mttq-loc-an", name="Mặt trận xã Lộc An", kind=Unit.Kind.COMMUNE_COMMITTEE, parent=committee
        ),
        "loc_dien": UnitFactory(
            code="mttq-loc-dien",
            name="Mặt trận xã Lộc Điền",
            kind=Unit.Kind.COMMUNE_COMMITTEE,
            parent=committee,
        ),
    }
    units["staff"] = UserFactory(username="phuloc", role=User.Role.STAFF, unit=units["board"])
    return units


def test_a_district_public_opinion_briefing_prints_every_fact_in_its_section(district, media):
    staff = district["staff"]
    conference = records.conference_create(
        data={
            "kind": "public_opinion",
            "period": "month",
            "period_number": 6,
            "period_year": 2024,
            "subject": "tháng 6 năm 2024",
            "date": datetime.date(2024, 6, 27),
            "start_time": datetime.time(14, 0),
            "format": "in_person",
            "location": "Hội trường Ủy ban MTTQ Việt Nam huyện Phú Lộc",
            "host_unit": district["board"],
            "chair": "đồng chí Lê Thị Hoa, Chủ tịch Ủy ban MTTQ Việt Nam huyện",
            "status": "held",
            "conclusions_intro": "Kết luận hội nghị, đồng chí Chủ tịch đề nghị:",
        },
        user=staff,
    )
    add(
        conference,
        "attendance",
        kind="guests",
        description="các thành viên Tổ cộng tác viên dư luận xã hội huyện",
        people_count=17,
    )
    add(
        conference,
        "agenda",
        text="Tổng hợp tình hình dư luận xã hội tháng 6 năm 2024",
        presenter_name="bà Trần Thị Mai",
        presenter_title="Phó Chủ tịch",
        presenters=[district["board"]],
    )
    add(
        conference,
        "discussion",
        text="Người dân lo ngại giá phân bón tăng cao trước vụ Hè Thu",
        raised_by=[district["loc_an"]],
    )
    add(
        conference,
        "discussion",
        speaker="ông Phan Văn Tư, cộng tác viên xã Lộc Điền",
        text="Dư luận đồng tình với việc làm đường liên thôn",
        answered_on_spot=True,
        answered_by="đồng chí Lê Thị Hoa",
        answer="Ghi nhận và sẽ phản ánh với Ủy ban nhân dân huyện",
    )
    add(conference, "difficulties", text="Thông tin dư luận từ một số xã gửi về chậm.")
    add(
        conference,
        "recommendations",
        text="Đề nghị kiểm tra giá phân bón trên địa bàn huyện.",
        addressee=district["ubnd"],
        raised_by=[district["loc_an"]],
    )
    add(
        conference,
        "directives",
        text="Các xã nắm chắc dư luận về giá vật tư nông nghiệp và báo cáo kịp thời.",
        owners=[district["loc_an"], district["loc_dien"]],
        due_date=datetime.date(2024, 7, 20),
    )

    text = rendered_text(conference, staff)
    assert (
        in_order(
            text,
            [
                "Kết quả giao ban dư luận xã hội tháng 6 năm 2024",
                "Vào lúc 14 giờ 00 ngày 27 tháng 6 năm 2024, tại Hội trường Ủy ban MTTQ Việt Nam huyện Phú Lộc, "
                "Ban Thường trực Ủy ban MTTQ Việt Nam huyện Phú Lộc đã tổ chức hội nghị giao ban dư luận xã hội "
                "tháng 6 năm 2024.",
                "Đồng chí Lê Thị Hoa, Chủ tịch Ủy ban MTTQ Việt Nam huyện chủ trì hội nghị.",
                "Tham dự hội nghị có các thành viên Tổ cộng tác viên dư luận xã hội huyện.",
                "Tổng số đại biểu dự hội nghị: 17 người.",
                "Hội nghị đã thông qua các nội dung: Tổng hợp tình hình dư luận xã hội tháng 6 năm 2024 "
                "(bà Trần Thị Mai, Phó Chủ tịch, Ban Thường trực Ủy ban MTTQ Việt Nam huyện Phú Lộc trình bày).",
                "I. Tình hình dư luận xã hội:",
                "1. Ý kiến phát biểu, thảo luận tại hội nghị.",
                "- Mặt trận xã Lộc An: Người dân lo ngại giá phân bón tăng cao trước vụ Hè Thu. "
                "Chưa được trả lời tại hội nghị.",
                "- Ông Phan Văn Tư, cộng tác viên xã Lộc Điền: Dư luận đồng tình với việc làm đường liên thôn. "
                "Đồng chí Lê Thị Hoa trả lời tại hội nghị: Ghi nhận và sẽ phản ánh với Ủy ban nhân dân huyện.",
                "2. Những khó khăn, hạn chế",
                "- Thông tin dư luận từ một số xã gửi về chậm.",
                "3. Những kiến nghị, đề xuất.",
                "- Đề nghị kiểm tra giá phân bón trên địa bàn huyện. Cơ quan nhận kiến nghị: UBND huyện Phú Lộc.",
                "II. Kết thúc.",
                "Kết luận hội nghị, đồng chí Chủ tịch đề nghị:",
                "- Các xã nắm chắc dư luận về giá vật tư nông nghiệp và báo cáo kịp thời. "
                "Đơn vị thực hiện: Mặt trận xã Lộc An và Mặt trận xã Lộc Điền; thời hạn: 20/07/2024.",
                "Trên đây là báo cáo kết quả giao ban dư luận xã hội tháng 6 năm 2024 của Ban Thường trực "
                "Ủy ban MTTQ Việt Nam huyện Phú Lộc./.",
            ],
        )
        is None
    )
    assert_no_doubled_words(conference)


# --- a ward's people's conference that follows up the previous month -------------------------


@pytest.fixture
def ward(db):
    committee = UnitFactory(
        code="mttq-long-xuyen",
        name="Ủy ban MTTQ Việt Nam phường Long Xuyên",
        kind=Unit.Kind.COMMUNE_COMMITTEE,
    )
    units = {
        "committee": committee,
        "board": UnitFactory(
            code="btt-long-xuyen",
            name="Ban Thường trực Ủy ban MTTQ Việt Nam phường Long Xuyên",
            kind=Unit.Kind.STANDING_BOARD,
            parent=committee,
        ),
        "ubnd": UnitFactory(
            code="ubnd-long-xuyen",
            name="Ủy ban nhân dân phường Long Xuyên",
            short_name="UBND phường",
            kind=Unit.Kind.PEOPLES_COMMITTEE,
            parent=committee,
        ),
        "area": UnitFactory(
            code="bct-kp3",
            name="Ban công tác Mặt trận khu phố 3",
            kind=Unit.Kind.RESIDENTIAL_AREA,
            parent=committee,
        ),
    }
    units["staff"] = UserFactory(username="longxuyen", role=User.Role.STAFF, unit=units["board"])
    units["leader"] = UserFactory(username="longxuyen-ct", role=User.Role.LEADER, unit=units["board"])
    units["area_user"] = UserFactory(username="kp3", role=User.Role.OFFICE, unit=units["area"])
    return units


CITIZENS = [
    (
        "ông Nguyễn Văn Bảy, khu phố 1",
        "Đèn chiếu sáng hẻm 12 hư hỏng đã lâu",
        "Tuần tới phường thay mới đèn hẻm 12",
    ),
    (
        "bà Lê Thị Tám, khu phố 2",
        "Rác thải đổ bừa bãi ven kênh",
        "Phường bố trí thêm điểm thu gom rác ven kênh",
    ),
    (
        "ông Trần Văn Chín, khu phố 3",
        "Đường số 5 ngập khi mưa lớn",
        "Phường đã đề nghị nạo vét cống đường số 5",
    ),
    (
        "bà Phạm Thị Mười, khu phố 4",
        "Thủ tục cấp giấy chứng nhận còn chậm",
        "Bộ phận một cửa giải quyết trong 10 ngày",
    ),
    ("ông Võ Văn Một, khu phố 5", "Tiếng ồn quán karaoke về đêm", "Công an phường kiểm tra và xử lý"),
    ("bà Đỗ Thị Hai, khu phố 6", "Trẻ em thiếu sân chơi", "Phường dành khu đất trống làm sân chơi"),
    ("ông Huỳnh Văn Ba, khu phố 7", "Lấn chiếm vỉa hè chợ tạm", "Phường ra quân lập lại trật tự vỉa hè"),
    (
        "bà Ngô Thị Tư, khu phố 8",
        "Nước sinh hoạt yếu vào giờ cao điểm",
        "Phường làm việc với công ty cấp nước",
    ),
]
ANSWERER = "đồng chí Trần Minh Quang, Chủ tịch Ủy ban nhân dân phường"


def _peoples(ward, subject, date, **extra):
    return records.conference_create(
        data={
            "kind": "peoples",
            "period": "",
            "period_number": None,
            "period_year": date.year,
            "subject": subject,
            "date": date,
            "format": "in_person",
            "location": "Nhà văn hóa khu phố 3",
            "host_unit": ward["board"],
            "co_hosts": [ward["ubnd"]],
            "status": "held",
            **extra,
        },
        user=ward["staff"],
    )


def test_a_ward_peoples_conference_answers_eight_opinions_and_reports_last_months_results(
    ward, media, monkeypatch
):
    staff, leader = ward["staff"], ward["leader"]
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2025, 11, 30))
    october = _peoples(ward, "Hội nghị nhân dân tháng 10", datetime.date(2025, 10, 15))
    resolved = add(
        october, "recommendations", text="Sửa chữa cống thoát nước khu phố 3.", addressee=ward["ubnd"]
    )
    follow_up.recommendation_answer_at_conference(
        recommendation=resolved, by=staff, answered_by=ANSWERER, answer="Phường sửa trong tháng 10"
    )
    follow_up.recommendation_resolve(recommendation=resolved, by=staff)
    answered = add(october, "recommendations", text="Lắp camera an ninh đầu hẻm 7.", addressee=ward["ubnd"])
    follow_up.recommendation_forward(
        recommendation=answered, by=staff, forwarded_on=datetime.date(2025, 10, 20), number="15/CV-MTTQ"
    )
    follow_up.recommendation_record_reply(
        recommendation=answered,
        by=staff,
        replied_on=datetime.date(2025, 11, 5),
        reply_text="Đưa vào kế hoạch năm 2026",
        number="120/UBND",
    )
    add(october, "recommendations", text="Mở rộng hẻm 9.", addressee=ward["ubnd"])
    done = add(october, "directives", text="Vận động Nhân dân giữ vệ sinh kênh.", owners=[ward["area"]])
    follow_up.directive_report(
        directive=done,
        by=ward["area_user"],
        result="done",
        text="Đã ra quân hai đợt",
        reported_on=datetime.date(2025, 11, 1),
    )
    add(
        october,
        "directives",
        text="Rà soát hộ nghèo khu phố 3.",
        owners=[ward["area"]],
        due_date=datetime.date(2025, 12, 31),
    )

    november = _peoples(
        ward,
        "khu phố 3, phường Long Xuyên",
        datetime.date(2025, 11, 20),
        start_time=datetime.time(19, 30),
        chair="đồng chí Nguyễn Thị Hạnh, Chủ tịch Ủy ban MTTQ Việt Nam phường",
        follows_up=october,
    )
    add(november, "attendance", kind="guests", description="Nhân dân khu phố 3", people_count=85)
    add(
        november,
        "agenda",
        text="Báo cáo tình hình kinh tế - xã hội phường tháng 11",
        presenter_name="đồng chí Trần Minh Quang",
        presenter_title="Chủ tịch",
        presenters=[ward["ubnd"]],
    )
    for speaker, text, answer in CITIZENS:
        add(
            november,
            "discussion",
            speaker=speaker,
            text=text,
            answered_on_spot=True,
            answered_by=ANSWERER,
            answer=answer,
        )
    on_spot = add(november, "recommendations", text="Lát lại vỉa hè đường số 2.", addressee=ward["ubnd"])
    follow_up.recommendation_answer_at_conference(
        recommendation=on_spot, by=staff, answered_by=ANSWERER, answer="Thi công trong quý I năm 2026"
    )
    add(
        november,
        "directives",
        text="Ban công tác Mặt trận khu phố 3 giám sát việc thay đèn hẻm 12.",
        owners=[ward["area"]],
        due_date=datetime.date(2025, 12, 15),
    )

    # The register counts the recommendation answered at the conference as answered, with no letter.
    on_spot.refresh_from_db()
    assert on_spot.status == Recommendation.Status.ANSWERED and on_spot.answered_at_conference
    assert (
        on_spot.replied_on == november.date
        and on_spot.forwarded_number == ""
        and on_spot.forwarded_on is None
    )
    answered = RecommendationFilter({"status": "answered"}, recommendation_register(leader), user=leader)
    assert on_spot in answered.qs
    figures = dict((value, n) for value, _label, n in dashboard_figures(leader)["statuses"])
    assert figures["answered"] == 2 and figures["resolved"] == 1 and figures["new"] == 1

    facts = [
        "Kết quả hội nghị nhân dân khu phố 3, phường Long Xuyên",
        "Vào lúc 19 giờ 30 ngày 20 tháng 11 năm 2025, tại Nhà văn hóa khu phố 3, Ban Thường trực Ủy ban MTTQ "
        "Việt Nam phường Long Xuyên phối hợp với Ủy ban nhân dân phường Long Xuyên đã tổ chức hội nghị nhân dân "
        "khu phố 3, phường Long Xuyên.",
        "Đồng chí Nguyễn Thị Hạnh, Chủ tịch Ủy ban MTTQ Việt Nam phường chủ trì hội nghị.",
        "Tham dự hội nghị có Nhân dân khu phố 3.",
        "Tổng số đại biểu dự hội nghị: 85 người.",
        "(đồng chí Trần Minh Quang, Chủ tịch, UBND phường trình bày)",
        "I. Kết quả giải quyết kiến nghị, thực hiện kết luận kỳ trước.",
        "Các kiến nghị, kết luận tại hội nghị nhân dân tháng 10 ngày 15/10/2025:",
        "1. Đã giải quyết, hoàn thành.",
        "- Sửa chữa cống thoát nước khu phố 3.",
        "trả lời tại hội nghị: Phường sửa trong tháng 10. Đã giải quyết.",
        "- Kết luận: Vận động Nhân dân giữ vệ sinh kênh.",
        "Đã hoàn thành.",
        "2. Đã được trả lời.",
        "- Lắp camera an ninh đầu hẻm 7.",
        "Đã được trả lời (văn bản số 120/UBND): Đưa vào kế hoạch năm 2026.",
        "3. Đang chờ giải quyết, đang thực hiện.",
        "- Mở rộng hẻm 9.",
        "- Kết luận: Rà soát hộ nghèo khu phố 3.",
        "thời hạn: 31/12/2025. Chưa báo cáo kết quả.",
        "II. Ý kiến của Nhân dân tại hội nghị:",
        "1. Ý kiến phát biểu, thảo luận tại hội nghị.",
    ]
    for speaker, text, answer in CITIZENS:
        facts += [f"- {speaker[:1].upper()}{speaker[1:]}: {text}.", f"trả lời tại hội nghị: {answer}."]
    facts += [
        "2. Những kiến nghị, đề xuất.",
        "- Lát lại vỉa hè đường số 2. Cơ quan nhận kiến nghị: UBND phường.",
        "Đồng chí Trần Minh Quang, Chủ tịch Ủy ban nhân dân phường trả lời tại hội nghị: "
        "Thi công trong quý I năm 2026.",
        "III. Kết luận hội nghị.",
        "- Ban công tác Mặt trận khu phố 3 giám sát việc thay đèn hẻm 12. Đơn vị thực hiện: Ban công tác "
        "Mặt trận khu phố 3; thời hạn: 15/12/2025.",
    ]
    assert in_order(rendered_text(november, staff), facts) is None
    assert_no_doubled_words(november)


def test_answering_at_the_conference_needs_who_and_what_and_an_open_recommendation(ward):
    conference = _peoples(ward, "khu phố 3", datetime.date(2025, 11, 20))
    item = add(conference, "recommendations", text="Lát lại vỉa hè.", addressee=ward["ubnd"])
    with pytest.raises(ValidationError):
        follow_up.recommendation_answer_at_conference(
            recommendation=item, by=ward["staff"], answered_by=" ", answer="Sẽ làm"
        )
    item.refresh_from_db()
    assert item.status == Recommendation.Status.NEW and item.reply_text == ""
    with pytest.raises(ValidationError):  # not-accepted needs its reply to the raising unit
        follow_up.recommendation_reject(recommendation=item, by=ward["leader"], note="  ")
    follow_up.recommendation_reject(
        recommendation=item, by=ward["leader"], note="Ngoài thẩm quyền của phường."
    )
    with pytest.raises(ValidationError):
        follow_up.recommendation_answer_at_conference(
            recommendation=item, by=ward["staff"], answered_by="Chủ tịch", answer="Sẽ làm"
        )
    assert Recommendation.objects.get(pk=item.pk).status == Recommendation.Status.NOT_ACCEPTED


def test_an_opinion_answered_at_the_conference_names_who_answered_and_the_answer(ward):
    conference = _peoples(ward, "khu phố 3", datetime.date(2025, 11, 20))
    with pytest.raises(ValidationError) as caught:
        add(conference, "discussion", speaker="ông A", text="Đèn hỏng", answered_on_spot=True)
    assert set(caught.value.message_dict) == {"answered_by", "answer"}
    with pytest.raises(ValidationError):
        add(conference, "discussion", speaker="ông A", text="Đèn hỏng", answer="Sẽ thay")
    assert not DiscussionOpinion.objects.exists()


def test_only_an_earlier_conference_of_the_same_host_can_be_followed_up(ward):
    october = _peoples(ward, "tháng 10", datetime.date(2025, 10, 15))
    with pytest.raises(ValidationError):
        _peoples(ward, "tháng 9", datetime.date(2025, 9, 15), follows_up=october)
    assert not Conference.objects.filter(subject="tháng 9").exists()


# --- a regional briefing of the central committee, six provinces attending ---------------------

PROVINCES = ["An Giang", "Cà Mau", "Cần Thơ", "Đồng Tháp", "Vĩnh Long", "Tây Ninh"]


@pytest.fixture
def central(db):
    committee = UnitFactory(code="ubtw", name="Ủy ban Trung ương MTTQ Việt Nam", kind=Unit.Kind.CENTRAL)
    units = {
        "board": UnitFactory(
            code="btt-ubtw",
            name="Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam",
            kind=Unit.Kind.STANDING_BOARD,
            parent=committee,
        ),
        "government": UnitFactory(
            code="chinh-phu", name="Chính phủ", kind=Unit.Kind.AUTHORITY, parent=committee
        ),
        "provinces": [
            UnitFactory(
                code=f"tinh-{index}",
                name=f"Ủy ban MTTQ Việt Nam tỉnh {name}",
                short_name=f"MTTQ tỉnh {name}",
                kind=Unit.Kind.PROVINCIAL_COMMITTEE,
                parent=committee,
            )
            for index, name in enumerate(PROVINCES)
        ],
    }
    units["staff"] = UserFactory(username="ubtw", role=User.Role.STAFF, unit=units["board"])
    return units


def test_a_regional_briefing_of_the_central_committee_prints_every_fact(central, media):
    staff, provinces = central["staff"], central["provinces"]
    host_city = next(p for p in provinces if "Cần Thơ" in p.name)
    conference = records.conference_create(
        data={
            "kind": "cluster",
            "period": "half_year",
            "period_number": 1,
            "period_year": 2025,
            "subject": "khu vực Tây Nam Bộ",
            "date": datetime.date(2025, 7, 10),
            "start_time": datetime.time(8, 0),
            "format": "hybrid",
            "site_count": 6,
            "location": "thành phố Cần Thơ",
            "host_unit": central["board"],
            "co_hosts": [host_city],
            "chair": "đồng chí Hoàng Công Thủy, Phó Chủ tịch Ủy ban Trung ương MTTQ Việt Nam",
            "directing": "đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch - Tổng Thư ký",
            "status": "held",
            "results_heading": "Ý kiến của các tỉnh, thành phố:",
            "recommendations_intro": "Các tỉnh, thành phố kiến nghị:",
        },
        user=staff,
    )
    add(
        conference,
        "attendance",
        kind="standing_board",
        description="Ban Thường trực Ủy ban MTTQ Việt Nam 6 tỉnh, thành phố khu vực Tây Nam Bộ",
        units=provinces,
        people_count=48,
    )
    add(
        conference,
        "agenda",
        text="Báo cáo kết quả công tác Mặt trận 6 tháng đầu năm 2025",
        presenter_name="đồng chí Lê Văn Năm",
        presenter_title="Trưởng Ban Phong trào",
    )
    opinion = add(
        conference,
        "opinions",
        draft_title="dự thảo hướng dẫn sắp xếp tổ chức bộ máy Mặt trận cấp xã",
        verdict="Các tỉnh thống nhất với dự thảo.",
        tasks_intro="Đề nghị bổ sung:",
    )
    add(
        conference,
        "tasks",
        parent=opinion,
        text="Hướng dẫn chế độ cho cán bộ dôi dư.",
        raised_by=provinces[:2],
    )
    add(
        conference,
        "discussion",
        text="Việc bàn giao hồ sơ khi sáp nhập còn vướng",
        raised_by=[provinces[3]],
        answered_on_spot=True,
        answered_by="đồng chí Hoàng Công Thủy",
        answer="Ban Tổ chức hướng dẫn bằng văn bản trong tháng 7",
    )
    add(conference, "difficulties", text="Biên chế cấp xã sau sắp xếp còn thiếu.", raised_by=provinces[4:])
    add(
        conference,
        "recommendations",
        text="Sớm ban hành quy định chế độ phụ cấp cho Ban công tác Mặt trận.",
        addressee=central["government"],
        raised_by=provinces,
    )
    add(
        conference,
        "directives",
        text="Các tỉnh, thành phố báo cáo kết quả sắp xếp tổ chức bộ máy.",
        owners=provinces,
        due_date=datetime.date(2025, 8, 15),
    )

    names = [p.label for p in provinces]  # in the tree's order
    owners = ", ".join(names[:-1]) + " và " + names[-1]
    facts = [
        "Kết quả giao ban khu vực Tây Nam Bộ",
        "Vào lúc 8 giờ 00 ngày 10 tháng 7 năm 2025, tại thành phố Cần Thơ, Ban Thường trực Ủy ban Trung ương "
        "MTTQ Việt Nam phối hợp với Ủy ban MTTQ Việt Nam tỉnh Cần Thơ đã tổ chức hội nghị giao ban trực tiếp "
        "kết hợp trực tuyến khu vực Tây Nam Bộ 6 tháng đầu năm 2025.",
        "Đồng chí Hoàng Công Thủy, Phó Chủ tịch Ủy ban Trung ương MTTQ Việt Nam chủ trì hội nghị.",
        "Dự và chỉ đạo hội nghị có đồng chí Nguyễn Thị Thu Hà, Phó Chủ tịch - Tổng Thư ký.",
        "Tham dự hội nghị có Ban Thường trực Ủy ban MTTQ Việt Nam 6 tỉnh, thành phố khu vực Tây Nam Bộ.",
        "Tổng số đại biểu dự hội nghị: 48 người.",
        "Hội nghị được kết nối tới 6 điểm cầu.",
        "(đồng chí Lê Văn Năm, Trưởng Ban Phong trào trình bày)",
        "I. Ý kiến của các tỉnh, thành phố:",
        "1. Đối với dự thảo hướng dẫn sắp xếp tổ chức bộ máy Mặt trận cấp xã.",
        "Các tỉnh thống nhất với dự thảo.",
        "- Hướng dẫn chế độ cho cán bộ dôi dư.",
        "2. Ý kiến phát biểu, thảo luận tại hội nghị.",
        "- MTTQ tỉnh Đồng Tháp: Việc bàn giao hồ sơ khi sáp nhập còn vướng. Đồng chí Hoàng Công Thủy trả lời "
        "tại hội nghị: Ban Tổ chức hướng dẫn bằng văn bản trong tháng 7.",
        "3. Những khó khăn, hạn chế",
        "- Biên chế cấp xã sau sắp xếp còn thiếu.",
        "4. Những kiến nghị, đề xuất.",
        "Các tỉnh, thành phố kiến nghị:",
        "- Sớm ban hành quy định chế độ phụ cấp cho Ban công tác Mặt trận. Cơ quan nhận kiến nghị: Chính phủ.",
        "II. Kết thúc.",
        f"- Các tỉnh, thành phố báo cáo kết quả sắp xếp tổ chức bộ máy. Đơn vị thực hiện: {owners}; "
        "thời hạn: 15/08/2025.",
        "Trên đây là báo cáo kết quả giao ban trực tiếp kết hợp trực tuyến khu vực Tây Nam Bộ 6 tháng đầu năm 2025 "
        "của Ban Thường "
        "trực Ủy ban Trung ương MTTQ Việt Nam./.",
    ]
    text = rendered_text(conference, staff)
    assert in_order(text, facts) is None
    assert_no_doubled_words(conference)


def test_sections_with_nothing_in_them_are_left_out_and_the_numbering_closes_up(district):
    conference = records.conference_create(
        data={
            "kind": "briefing",
            "period": "month",
            "period_number": 5,
            "period_year": 2024,
            "subject": "công tác Mặt trận tháng 5 năm 2024",
            "date": datetime.date(2024, 5, 30),
            "format": "in_person",
            "host_unit": district["board"],
            "status": "held",
        },
        user=district["staff"],
    )
    assert compose(conference_with_record(conference.pk)).sections == []
    add(conference, "directives", text="Chuẩn bị Đại hội.", owners=[district["loc_an"]])
    (only,) = compose(conference_with_record(conference.pk)).sections
    assert (only.number, only.heading) == ("I.", "Kết thúc.")
    assert [item.line for item in only.items] == ["Chuẩn bị Đại hội. Đơn vị thực hiện: Mặt trận xã Lộc An."]
    assert Directive.objects.get().due_date is None


def test_staff_record_an_answer_given_at_the_conference_from_the_recommendation_page(ward, client):
    conference = _peoples(ward, "khu phố 3", datetime.date(2025, 11, 20))
    item = add(conference, "recommendations", text="Lát lại vỉa hè.", addressee=ward["ubnd"])
    client.force_login(ward["staff"])
    page = client.get(item.get_absolute_url())
    assert f"{item.get_absolute_url()}tra-loi-tai-hoi-nghi/" in page.content.decode()
    url = f"{item.get_absolute_url()}tra-loi-tai-hoi-nghi/"
    client.post(url, {"answered_by": "", "answer": "Sẽ làm"})
    assert Recommendation.objects.get(pk=item.pk).status == Recommendation.Status.NEW
    client.post(url, {"answered_by": "Chủ tịch UBND phường", "answer": "Thi công tháng 12"})
    item.refresh_from_db()
    assert (item.status, item.answered_by, item.replied_on) == (
        "answered",
        "Chủ tịch UBND phường",
        conference.date,
    )
    client.force_login(ward["area_user"])  # not the host committee's staff: refused, nothing changes
    other = add(conference, "recommendations", text="Mở rộng hẻm.", addressee=ward["ubnd"])
    response = client.post(
        f"{other.get_absolute_url()}tra-loi-tai-hoi-nghi/", {"answered_by": "A", "answer": "B"}
    )
    assert response.status_code in (403, 404)
    assert Recommendation.objects.get(pk=other.pk).status == Recommendation.Status.NEW


# --- the opening and closing stay tied to the record ----------------------------------------


def test_the_report_page_shows_an_opening_that_no_longer_follows_the_record_and_regenerates_it(
    demo, demo_users, client
):

    staff = demo_users["staff"]
    report = final.final_report_get_or_create(conference=demo, user=staff)
    page_url = reverse("reports:final_report", args=[demo.pk])
    client.force_login(staff)
    assert "report-drift" not in client.get(page_url).text  # generated text follows the record

    generated = compose(conference_with_record(demo.pk)).opening
    final.final_report_update(report=report, user=staff, opening=generated.replace("trực tuyến", "trực tiếp"))
    # The record changes afterwards: the chair is entered.
    Conference.objects.filter(pk=demo.pk).update(chair="đồng chí Nguyễn Văn An, Chủ tịch")
    page = client.get(page_url).text
    assert "report-drift" in page and "Tạo lại theo biên bản" in page
    assert '<ins class="fw-bold">tiếp </ins>' in page and '<del class="fw-bold">tuyến </del>' in page
    assert "Đồng chí Nguyễn Văn An, Chủ tịch chủ trì hội nghị." in page  # what the record now says

    # Someone who may not change the report cannot regenerate it; the text stays.
    client.force_login(demo_users["leader"])
    follow = reverse("reports:final_report_follow_record", args=[demo.pk])
    assert client.post(follow, {"field": "opening"}).status_code in (403, 404)
    report.refresh_from_db()
    assert "trực tiếp" in report.opening

    client.force_login(staff)
    revision = report.revision
    assert client.post(follow, {"field": "signer_name"}).status_code == 302  # refused with a message
    report.refresh_from_db()
    assert report.revision == revision and "trực tiếp" in report.opening
    client.post(follow, {"field": "opening"})
    report.refresh_from_db()
    assert report.opening == ""
    assert "report-drift" not in client.get(page_url).text


@pytest.mark.parametrize("kind", Conference.Kind.values)
def test_no_generated_sentence_says_a_word_twice_for_any_kind(district, kind):
    periodic = kind in Conference.PERIODIC_KINDS
    conference = records.conference_create(
        data={
            "kind": kind,
            "period": "month" if periodic else "",
            "period_number": 6 if periodic else None,
            "period_year": 2024,
            "subject": {"peoples": "Hội nghị nhân dân thôn 2", "cluster": "Giao ban cụm số 3"}.get(
                kind, "công tác Mặt trận"
            ),
            "date": datetime.date(2024, 6, 27),
            "start_time": datetime.time(8, 30),
            "format": "online",
            "site_count": 4,
            "location": "Hội trường huyện",
            "host_unit": district["board"],
            "co_hosts": [district["ubnd"]],
            "chair": "đồng chí Lê Thị Hoa, Chủ tịch",
            "directing": "đồng chí Phan Văn Hải, Phó Chủ tịch tỉnh",
            "status": "held",
        },
        user=district["staff"],
    )
    add(conference, "attendance", kind="guests", description="đại biểu các xã", people_count=30)
    add(conference, "agenda", text="Báo cáo tình hình", presenter_name="bà Mai", presenter_title="Trưởng ban")
    add(conference, "discussion", text="Đường hỏng", raised_by=[district["loc_an"]])
    add(
        conference,
        "discussion",
        speaker="ông Tư",
        text="Thiếu nước",
        answered_on_spot=True,
        answered_by="đồng chí Hoa",
        answer="Sẽ khắc phục",
    )
    item = add(conference, "recommendations", text="Sửa đường.", addressee=district["ubnd"])
    follow_up.recommendation_answer_at_conference(
        recommendation=item, by=district["staff"], answered_by="đồng chí Hoa", answer="Đồng ý"
    )
    add(
        conference,
        "directives",
        text="Theo dõi.",
        owners=[district["loc_an"]],
        due_date=datetime.date(2024, 7, 1),
    )
    composition = compose(conference_with_record(conference.pk))
    lines = [text for text, _kind in composition.reading_order()]
    assert len(composition.sections) == 2 and composition.sections[1].number == "II."
    for text in lines:
        assert doubled(text) == [], text
        assert "hội nghị hội nghị" not in text.casefold() and "giao ban hội nghị" not in text.casefold()


def test_the_carry_over_page_shows_what_the_earlier_conference_resolved_not_only_what_is_open(ward, client):
    october = _peoples(ward, "tháng 10", datetime.date(2025, 10, 15))
    done = add(october, "recommendations", text="Sửa cống khu phố 3.", addressee=ward["ubnd"])
    follow_up.recommendation_answer_at_conference(
        recommendation=done, by=ward["staff"], answered_by="Chủ tịch UBND phường", answer="Đã sửa"
    )
    follow_up.recommendation_resolve(recommendation=done, by=ward["staff"])
    november = _peoples(ward, "tháng 11", datetime.date(2025, 11, 20), follows_up=october)
    client.force_login(ward["staff"])
    page = client.get(reverse("recommendations:carry_over", args=[november.pk])).text
    assert "followed-up" in page and "1. Đã giải quyết, hoàn thành." in page
    assert "Sửa cống khu phố 3. Cơ quan nhận kiến nghị: UBND phường." in page
    assert "Không còn kiến nghị nào tồn đọng." in page  # nothing of October is still open


def test_the_record_editor_refuses_an_answer_at_the_conference_without_who_answered(ward, client):
    conference = _peoples(ward, "khu phố 3", datetime.date(2025, 11, 20))
    url = reverse("conferences:item_add", args=[conference.pk, "discussion", conference.pk])
    prefix = f"discussion-new-{conference.pk}-"
    client.force_login(ward["staff"])
    page = client.post(
        url, {prefix + "speaker": "ông A", prefix + "text": "Đèn hỏng", prefix + "answered_on_spot": "on"}
    ).text
    assert "Hãy ghi ai đã trả lời tại hội nghị." in page and not DiscussionOpinion.objects.exists()
    client.post(
        url,
        {
            prefix + "speaker": "ông A",
            prefix + "text": "Đèn hỏng",
            prefix + "answered_on_spot": "on",
            prefix + "answered_by": "Chủ tịch UBND phường",
            prefix + "answer": "Thay trong tuần",
        },
    )
    opinion = DiscussionOpinion.objects.get()
    assert (opinion.answered_by, opinion.answer) == ("Chủ tịch UBND phường", "Thay trong tuần")
