"""The report's wording follows the kind of conference: title, opening (every host, the time of day
and the place) and closing, for every kind and period, with no word said twice."""

import datetime
import re

import pytest

from conferences.composition import compose, conference_with_record
from conferences.models import Conference
from frontwork.accounts.models import Unit
from tests.factories import ConferenceFactory, UnitFactory

PERIOD_NUMBERS = {"month": 11, "quarter": 3, "half_year": 1, "year": None}
# Subjects as users type them: plain, or starting with what the kind's name says already.
SUBJECTS = {
    "briefing": ["công tác Mặt trận {period}", "Giao ban công tác Mặt trận {period}"],
    "public_opinion": [
        "{period}",
        "dư luận xã hội {period}",
        "Giao ban dư luận xã hội {period}",
        "Hội nghị giao ban dư luận xã hội {period}",
    ],
    "cluster": [
        "cụm thi đua số 3 {period}",
        "khu vực Tây Nguyên {period}",
        "Giao ban cụm thi đua số 3 {period}",
        "các huyện phía Bắc {period}",
    ],
    "peoples": ["khu phố 3, phường 8", "Hội nghị nhân dân khu phố 3", "đối thoại với Nhân dân phường 8"],
    "thematic": [
        "chuyên đề về công tác giám sát",
        "Hội nghị chuyên đề về công tác giám sát",
        "tổng kết năm 2025",
    ],
}
CASES = [
    (kind, period, subject)
    for kind in Conference.Kind.values
    for period in (Conference.PERIOD_NUMBERS if kind in Conference.PERIODIC_KINDS else [""])
    for subject in SUBJECTS[kind]
]


def doubled(text):
    """Word sequences (1–3 words) said twice in a row, and "của … của" in one clause."""
    words = re.findall(r"\w+", text.casefold())
    found = []
    for size in (1, 2, 3):
        for i in range(len(words) - 2 * size + 1):
            if words[i : i + size] == words[i + size : i + 2 * size]:
                found.append(" ".join(words[i : i + size]))
    for clause in re.split(r"[.;:]", text.casefold()):
        if len(re.findall(r"\bcủa\b", clause)) > 1:
            found.append(clause)
    return found


@pytest.fixture
def hosts(db):
    committee = UnitFactory(
        code="mttq-p8", name="Ủy ban MTTQ Việt Nam phường 8", kind=Unit.Kind.COMMUNE_COMMITTEE
    )
    return {
        "board": UnitFactory(
            code="btt-p8",
            name="Ban Thường trực Ủy ban MTTQ Việt Nam phường 8",
            kind=Unit.Kind.STANDING_BOARD,
            parent=committee,
        ),
        "ubnd": UnitFactory(
            code="ubnd-p8", name="Ủy ban nhân dân phường", kind=Unit.Kind.PEOPLES_COMMITTEE, parent=committee
        ),
        "other": UnitFactory(
            code="mttq-p9", name="Ủy ban MTTQ Việt Nam phường 9", kind=Unit.Kind.COMMUNE_COMMITTEE
        ),
    }


def _composed(hosts, kind, period, subject, co_hosts=(), **values):
    number = PERIOD_NUMBERS.get(period)
    conference = ConferenceFactory(
        host_unit=hosts["board"],
        kind=kind,
        period=period,
        period_number=number,
        period_year=2025,
        subject=subject.format(
            period=Conference(period=period, period_number=number, period_year=2025).period_label
        ).strip(),
        date=datetime.date(2025, 11, 28),
        **values,
    )
    conference.full_clean()
    conference.co_hosts.set(co_hosts)
    return compose(conference_with_record(conference.pk))


@pytest.mark.parametrize(("kind", "period", "subject"), CASES)
@pytest.mark.parametrize("format_", ["online", "in_person"])
def test_no_word_is_said_twice(hosts, kind, period, subject, format_):
    report = _composed(
        hosts, kind, period, subject, format=format_, site_count=3 if format_ == "online" else None
    )
    for text in (report.subject, report.opening, report.closing):
        assert doubled(text) == [], text
        assert (
            "giao ban hội nghị" not in text.casefold() and "hội nghị giao ban hội nghị" not in text.casefold()
        )
    assert report.subject.startswith("Kết quả ")
    assert report.opening.count("hội nghị") == 1, report.opening


@pytest.mark.parametrize(
    ("kind", "period", "subject", "title", "named"),
    [
        (
            "briefing",
            "year",
            "công tác Mặt trận năm 2025",
            "Kết quả giao ban công tác Mặt trận năm 2025",
            "hội nghị giao ban công tác Mặt trận năm 2025",
        ),
        (
            "public_opinion",
            "month",
            "tháng 11 năm 2025",
            "Kết quả giao ban dư luận xã hội tháng 11 năm 2025",
            "hội nghị giao ban dư luận xã hội tháng 11 năm 2025",
        ),
        (
            "cluster",
            "half_year",
            "cụm thi đua số 3 năm 2025",
            "Kết quả giao ban cụm thi đua số 3 năm 2025",
            "hội nghị giao ban cụm thi đua số 3 năm 2025",
        ),
        (
            "peoples",
            "",
            "Hội nghị Nhân dân khu phố 3",
            "Kết quả hội nghị nhân dân khu phố 3",
            "hội nghị nhân dân khu phố 3",
        ),
        (
            "peoples",
            "",
            "đối thoại với Nhân dân phường 8",
            "Kết quả hội nghị đối thoại với Nhân dân phường 8",
            "hội nghị đối thoại",
        ),
        (
            "thematic",
            "",
            "chuyên đề về công tác giám sát",
            "Kết quả hội nghị chuyên đề về công tác giám sát",
            "hội nghị chuyên đề về công tác giám sát",
        ),
    ],
)
def test_the_title_and_the_opening_name_the_kind(hosts, kind, period, subject, title, named):
    report = _composed(hosts, kind, period, subject, format="in_person")
    assert report.subject == title
    assert f"đã tổ chức {named}" in report.opening


def test_the_opening_names_every_host(hosts):
    report = _composed(
        hosts, "peoples", "", "khu phố 3", co_hosts=[hosts["ubnd"], hosts["other"]], format="in_person"
    )
    assert report.opening.startswith(
        "Ngày 28 tháng 11 năm 2025, Ban Thường trực Ủy ban MTTQ Việt Nam phường 8 phối hợp với "
        "Ủy ban nhân dân phường và Ủy ban MTTQ Việt Nam phường 9 đã tổ chức hội nghị nhân dân khu phố 3."
    ), report.opening
    # The report is the issuing host's: the closing names it alone.
    assert report.closing.endswith("của Ban Thường trực Ủy ban MTTQ Việt Nam phường 8./.")


def test_one_co_host(hosts):
    report = _composed(hosts, "peoples", "", "khu phố 3", co_hosts=[hosts["ubnd"]], format="in_person")
    assert "phường 8 phối hợp với Ủy ban nhân dân phường đã tổ chức" in report.opening


def test_the_time_of_day_and_the_place_are_printed_when_set(hosts):
    report = _composed(
        hosts,
        "peoples",
        "",
        "khu phố 3",
        format="in_person",
        start_time=datetime.time(8, 5),
        location="Nhà văn hóa khu phố 3",
    )
    assert report.opening.startswith(
        "Vào lúc 8 giờ 05 ngày 28 tháng 11 năm 2025, tại Nhà văn hóa khu phố 3, Ban Thường trực"
    ), report.opening


def test_the_demo_briefing_reads_as_the_seed_report(demo):
    report = compose(conference_with_record(demo.pk))
    assert report.subject == "Kết quả giao ban công tác Mặt trận năm 2016"
    assert report.opening.startswith(
        "Ngày 27 tháng 12 năm 2016, Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh đã tổ chức "
        "hội nghị giao ban trực tuyến công tác Mặt trận năm 2016."
    )
    assert report.closing == (
        "Trên đây là báo cáo kết quả giao ban trực tuyến công tác Mặt trận năm 2016 của "
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh./."
    )


def test_the_printed_report_names_both_hosts_and_the_kind(hosts):
    from reports.final import selectors as report_selectors
    from reports.final import services as report_services
    from reports.final.document import print_html

    conference = ConferenceFactory(
        host_unit=hosts["board"],
        kind="peoples",
        period="",
        period_number=None,
        subject="Hội nghị nhân dân khu phố 3",
        date=datetime.date(2025, 11, 28),
    )
    conference.co_hosts.set([hosts["ubnd"]])
    report = report_services.final_report_get_or_create(conference=conference)
    html = print_html(report, report_selectors.layout_settings_for(conference.host_unit))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Kết quả hội nghị nhân dân khu phố 3" in text
    assert (
        "Ban Thường trực Ủy ban MTTQ Việt Nam phường 8 phối hợp với Ủy ban nhân dân phường đã tổ chức "
        "hội nghị nhân dân khu phố 3." in text
    )
