"""The draft pages run the same number of queries whatever their size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from frontwork.accounts.models import Unit
from reports.drafts import services
from reports.models import Comment, RoundUnit
from tests.drafts_support import DRAFT_TITLE, open_round
from tests.factories import ConferenceFactory, UnitFactory


def build(users, province, size):
    """On top of what exists: a draft of `size` paragraphs and `size` versions, a round asking `size` units (district A
    among them), each with `size` comments, every other unit having submitted; and `size - 1` more drafts asking district A."""
    texts = [f"Đoạn số {i} của dự thảo, nội dung công tác Mặt trận." for i in range(size)]
    draft = services.draft_create(
        conference=ConferenceFactory(host_unit=province["board"]),
        title=DRAFT_TITLE,
        user=users["staff"],
        text="\n\n".join(texts),
    )
    for n in range(size - 1):
        services.draft_version_publish(
            draft=draft, user=users["staff"], text="\n\n".join(texts + [f"Thêm {n}."])
        )
    units = [province["district_a"]] + [
        UnitFactory(parent=province["committee"], kind=Unit.Kind.DISTRICT_COMMITTEE) for _ in range(size - 1)
    ]
    latest = draft.versions.order_by("-number").first()
    comment_round = services.round_open(
        version=latest,
        units=units,
        deadline=timezone.now() + datetime.timedelta(days=3),
        instructions="",
        user=users["staff"],
    )
    paragraphs = list(latest.paragraphs.all())
    now = timezone.now()
    for i, unit in enumerate(units):
        submitted = now if i % 2 else None
        Comment.objects.bulk_create(
            Comment(
                round=comment_round,
                unit=unit,
                paragraph=paragraphs[j % len(paragraphs)] if j % 3 else None,
                text=f"Ý kiến {j}",
                author=users["office"],
                submitted_at=submitted,
            )
            for j in range(size)
        )
        RoundUnit.objects.filter(round=comment_round, unit=unit).update(submitted_at=submitted)
    for n in range(size - 1):
        other = services.draft_create(
            conference=draft.conference, title=f"Dự thảo khác {n}", user=users["staff"], text="Một đoạn."
        )
        open_round(other, users["staff"], [province["district_a"]])
    return draft, comment_round


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = {
    "round_status": ("staff", lambda d, r: reverse("drafts:round_status", args=[r.pk])),
    "round_comments": ("office", lambda d, r: reverse("drafts:round_comments", args=[r.pk])),
    "version_read": ("staff", lambda d, r: reverse("drafts:version", args=[d.pk, r.version.number])),
    "version_read_office": ("office", lambda d, r: reverse("drafts:version", args=[d.pk, r.version.number])),
    "draft_detail": ("staff", lambda d, r: reverse("drafts:detail", args=[d.pk])),
    "draft_list": ("staff", lambda d, r: reverse("drafts:list")),
    "draft_list_office": ("office", lambda d, r: reverse("drafts:list")),
    "compare": ("staff", lambda d, r: reverse("drafts:compare", args=[d.pk, 1, r.version.number])),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_size(client, users, province, page):
    role, url = PAGES[page]
    client.force_login(users[role])
    counts = []
    for size in (1, 20):
        draft, comment_round = build(users, province, size)
        counts.append(count_queries(client, url(draft, comment_round)))
    assert counts[0] == counts[1], counts
    assert counts[0] < 20
