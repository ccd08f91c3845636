"""Who may do what with drafts, rounds and comments: every role, every refusal."""

import pytest
from django.urls import reverse

from frontwork.accounts.models import User
from reports.drafts import services
from reports.models import Comment
from tests.drafts_support import DRAFT_TITLE, convert_uploads, docx_upload, open_round
from tests.factories import ConferenceFactory, UnitFactory, UserFactory

ROLES = ["staff", "office", "other_office", "leader", "admin", "outsider", "anonymous"]


@pytest.fixture
def world(users, province, settings, tmp_path, docx_converted_once):
    """A draft (uploaded) with a round asking districts A and B. District A has an unsubmitted
    comment; district B has submitted one. `outsider` is an office whose unit was not asked."""
    settings.MEDIA_ROOT = tmp_path
    users = dict(users)
    users["outsider"] = UserFactory(username="xa", role=User.Role.OFFICE, unit=province["commune_a"])
    draft = services.draft_create(
        conference=ConferenceFactory(host_unit=province["board"]),
        title=DRAFT_TITLE,
        user=users["staff"],
        uploaded_file=docx_upload(),
    )
    convert_uploads()  # the worker's part
    comment_round = open_round(draft, users["staff"], [province["district_a"], province["district_b"]])
    paragraph = comment_round.version.paragraphs.get(position=2)
    a_comment = services.comment_save(
        comment_round=comment_round, user=users["office"], text="Ý kiến nháp của huyện A", paragraph=paragraph
    )
    b_comment = services.comment_save(
        comment_round=comment_round, user=users["other_office"], text="Ý kiến đã gửi của huyện B"
    )
    services.round_submit(comment_round=comment_round, user=users["other_office"])
    b_comment.refresh_from_db()
    return {"users": users, "draft": draft, "round": comment_round, "a": a_comment, "b": b_comment}


def _client_for(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def _expect(response, expected):
    if expected == "login":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected, response.status_code


# GET pages: expected status per role.
GET_PAGES = {
    "list": (lambda w: reverse("drafts:list"), [200, 200, 200, 200, 200, 200, "login"]),
    "create": (lambda w: reverse("drafts:create"), [200, 403, 403, 403, 200, 403, "login"]),
    "detail": (
        lambda w: reverse("drafts:detail", args=[w["draft"].pk]),
        [200, 200, 200, 200, 200, 404, "login"],
    ),
    "version": (
        lambda w: reverse("drafts:version", args=[w["draft"].pk, 1]),
        [200, 200, 200, 200, 200, 404, "login"],
    ),
    "file": (
        lambda w: reverse("drafts:version_file", args=[w["draft"].pk, 1]),
        [200, 200, 200, 200, 200, 404, "login"],
    ),
    "compare": (
        lambda w: reverse("drafts:compare", args=[w["draft"].pk, 1, 1]),
        [200, 200, 200, 200, 200, 404, "login"],
    ),
    "publish": (
        lambda w: reverse("drafts:publish", args=[w["draft"].pk]),
        [200, 403, 403, 403, 200, 404, "login"],
    ),
    "round_open": (
        lambda w: reverse("drafts:round_open", args=[w["draft"].pk, 1]),
        [200, 403, 403, 403, 200, 404, "login"],
    ),
    "round_status": (
        lambda w: reverse("drafts:round_status", args=[w["round"].pk]),
        [200, 302, 302, 200, 200, 404, "login"],
    ),
    "round_comments": (
        lambda w: reverse("drafts:round_comments", args=[w["round"].pk]),
        [403, 200, 200, 403, 403, 404, "login"],
    ),
}


@pytest.mark.parametrize("page", GET_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_pages_for_each_role(client, world, page, role):
    url, expected = GET_PAGES[page]
    _expect(_client_for(client, world, role).get(url(world)), expected[ROLES.index(role)])


# POST actions: expected status per role (302 = done or refused with a message, see below).
POST_ACTIONS = {
    "comment_add": (
        lambda w: reverse("drafts:comment_add", args=[w["round"].pk]),
        {"text": "Ý kiến mới"},
        [403, 302, 400, 403, 403, 404, "login"],
    ),
    "edit_a": (
        lambda w: reverse("drafts:comment_edit", args=[w["a"].pk]),
        {"text": "Sửa"},
        [404, 302, 404, 404, 404, 404, "login"],
    ),
    "delete_a": (
        lambda w: reverse("drafts:comment_delete", args=[w["a"].pk]),
        {},
        [404, 302, 404, 404, 404, 404, "login"],
    ),
    "edit_b": (
        lambda w: reverse("drafts:comment_edit", args=[w["b"].pk]),
        {"text": "Sửa"},
        [403, 404, 302, 403, 403, 404, "login"],
    ),
    "triage_b": (
        lambda w: reverse("drafts:comment_triage", args=[w["b"].pk]),
        {"decision": "accepted", "reply": "Đã tiếp thu."},
        [302, 404, 403, 403, 302, 404, "login"],
    ),
    "triage_a": (
        lambda w: reverse("drafts:comment_triage", args=[w["a"].pk]),
        {"decision": "accepted", "reply": ""},
        [404, 403, 404, 404, 404, 404, "login"],
    ),
    "remind": (
        lambda w: reverse("drafts:round_remind", args=[w["round"].pk]),
        {},
        [302, 403, 403, 403, 302, 404, "login"],
    ),
    "submit": (
        lambda w: reverse("drafts:round_submit", args=[w["round"].pk]),
        {},
        [403, 302, 302, 403, 403, 404, "login"],
    ),
}


@pytest.mark.parametrize("action", POST_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_actions_for_each_role(client, world, action, role):
    url, data, expected = POST_ACTIONS[action]
    before = {c.pk: (c.text, c.decision, c.submitted_at) for c in Comment.objects.all()}
    response = _client_for(client, world, role).post(url(world), data)
    expect = expected[ROLES.index(role)]
    _expect(response, expect)
    if expect not in (302,):
        after = {c.pk: (c.text, c.decision, c.submitted_at) for c in Comment.objects.all()}
        assert after == before


@pytest.mark.parametrize("action", ["comment_add", "edit_a", "delete_a", "triage_b", "remind", "submit"])
def test_actions_refuse_get(client, world, action):
    client.force_login(
        world["users"]["staff"] if action in {"triage_b", "remind"} else world["users"]["office"]
    )
    url, data, expected = POST_ACTIONS[action]
    assert client.get(url(world)).status_code == 405


def test_office_b_cannot_change_its_submitted_comment(client, world):
    client.force_login(world["users"]["other_office"])
    response = client.post(reverse("drafts:comment_edit", args=[world["b"].pk]), {"text": "Sửa"}, follow=True)
    assert "Đơn vị đã gửi ý kiến; không thể thêm, sửa hoặc xóa nữa." in response.text
    assert Comment.objects.get(pk=world["b"].pk).text == "Ý kiến đã gửi của huyện B"


def test_an_office_sees_only_its_own_unit_comments(client, world):
    client.force_login(world["users"]["office"])
    page = client.get(reverse("drafts:round_comments", args=[world["round"].pk])).text
    assert "Ý kiến nháp của huyện A" in page
    assert "Ý kiến đã gửi của huyện B" not in page
    client.force_login(world["users"]["other_office"])
    page = client.get(reverse("drafts:round_comments", args=[world["round"].pk])).text
    assert "Ý kiến nháp của huyện A" not in page and "Ý kiến đã gửi của huyện B" in page


@pytest.mark.parametrize("role", ["staff", "leader", "admin"])
def test_province_roles_see_submitted_comments_but_never_unsubmitted_ones(client, world, role):
    client.force_login(world["users"][role])
    page = client.get(reverse("drafts:round_status", args=[world["round"].pk])).text
    assert "Ý kiến đã gửi của huyện B" in page
    assert "Ý kiến nháp của huyện A" not in page
    assert "1/2" in page
    assert ("Lưu kết quả" in page) == (role != "leader")


def test_outsider_office_lists_nothing(client, world):
    client.force_login(world["users"]["outsider"])
    page = client.get(reverse("drafts:list")).text
    assert DRAFT_TITLE not in page and "Chưa có dự thảo nào cần đơn vị góp ý." in page


def test_staff_of_another_province_see_nothing(client, world):
    other_province = UserFactory(
        username="tinh-khac",
        role=User.Role.STAFF,
        unit=UnitFactory(code="tinh-khac", name="Ủy ban MTTQ tỉnh khác", kind="provincial_committee"),
    )
    client.force_login(other_province)
    assert DRAFT_TITLE not in client.get(reverse("drafts:list")).text
    assert client.get(reverse("drafts:detail", args=[world["draft"].pk])).status_code == 404
    assert client.get(reverse("drafts:round_status", args=[world["round"].pk])).status_code == 404
    response = client.post(reverse("drafts:comment_triage", args=[world["b"].pk]), {"decision": "accepted"})
    assert response.status_code == 404
