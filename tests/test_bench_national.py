"""The national-scale generator of `make bench`, run small, so that it keeps working as the models
change: every page the benchmark measures answers 200 on the data it makes."""

import datetime

import pytest
from django.urls import reverse

from frontwork.accounts.models import User
from recommendations.models import Recommendation
from reports.models import Comment, FinalReport, RoundUnit
from tests.bench.national import generate


@pytest.fixture
def small_nation(db):
    return generate(provinces=2, communes=24, years=range(2025, 2026), items=2)


def test_generator_makes_the_feature_data(small_nation):
    assert small_nation["conferences"] == 2 * 12
    assert small_nation["conference"].date == datetime.date(2025, 12, 25)
    assert FinalReport.objects.filter(conference=small_nation["conference"]).exists()
    assert RoundUnit.objects.filter(round=small_nation["round"]).count() == 12  # every commune of province 0
    assert RoundUnit.objects.filter(round=small_nation["round"], submitted_at__isnull=False).count() == 10
    assert Comment.objects.filter(round=small_nation["round"], submitted_at__isnull=False).count() == 10
    statuses = set(Recommendation.objects.values_list("status", flat=True))
    assert statuses == {s for s, _ in Recommendation.Status.choices}


def test_the_benchmarked_pages_answer(client, small_nation):
    conference, draft, comment_round = (
        small_nation["conference"],
        small_nation["draft"],
        small_nation["round"],
    )
    client.force_login(User.objects.get(username="n-staff-0"))
    for url in (
        reverse("conferences:edit", args=[conference.pk]),
        reverse("reports:final_report", args=[conference.pk]),
        reverse("drafts:detail", args=[draft.pk]),
        reverse("drafts:round_status", args=[comment_round.pk]),
        reverse("recommendations:dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "Báo cáo công tác Mặt trận tháng 12 năm 2025" in client.get(reverse("drafts:list")).content.decode()
    )
    client.force_login(User.objects.get(username="n-office-0"))
    page = client.get(reverse("drafts:round_comments", args=[comment_round.pk])).content.decode()
    assert "Đơn vị đã gửi 1 ý kiến lúc" in page
