"""Comment rounds through the service layer and the task: drafts, submission, deadlines, triage,
reminders and e-mail."""

import datetime
import pathlib
from html import escape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from reports.drafts import services, tasks
from reports.drafts.text import compare, html_to_blocks, text_to_blocks
from reports.models import Comment, DraftVersion, RoundUnit
from tests.drafts_support import PARAGRAPHS, eager_celery, make_draft, open_round  # noqa: F401


@pytest.fixture
def round_setup(users, province, eager_celery, django_capture_on_commit_callbacks):  # noqa: F811
    province["district_a"].email = "huyen-a@example.org"
    province["district_a"].save()
    users["staff"].email = "canbo@example.org"
    users["staff"].save()
    users["office"].email = "office-a@example.org"
    users["office"].save()
    draft = make_draft(users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        comment_round = open_round(draft, users["staff"], [province["district_a"], province["district_b"]])
    return draft, comment_round


def test_opening_a_round_tells_each_unit_by_email(round_setup):
    draft, comment_round = round_setup
    assert [m.to for m in mail.outbox] == [["huyen-a@example.org", "office-a@example.org"]]
    assert "Đề nghị góp ý" in mail.outbox[0].subject
    assert f"/du-thao/dot-gop-y/{comment_round.pk}/y-kien/" in mail.outbox[0].body


def test_the_emails_are_vietnamese_whatever_the_senders_interface_language(
    users,
    province,
    eager_celery,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    province["district_a"].email = "huyen-a@example.org"
    province["district_a"].save()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        open_round(make_draft(users["staff"]), users["staff"], [province["district_a"]])
    assert mail.outbox[0].subject.startswith("Đề nghị góp ý: ")
    assert mail.outbox[0].body.startswith("Kính gửi ")
    assert "Hạn gửi ý kiến: " in mail.outbox[0].body


def test_an_office_keeps_unfinished_comments_then_submits_and_staff_are_told(
    round_setup, users, django_capture_on_commit_callbacks
):
    draft, comment_round = round_setup
    paragraph = comment_round.version.paragraphs.get(position=2)
    comment = services.comment_save(
        comment_round=comment_round,
        user=users["office"],
        text="Đề nghị nêu rõ số cuộc giám sát.",
        paragraph=paragraph,
    )
    services.comment_save(comment_round=comment_round, user=users["office"], text="Nhất trí với dự thảo.")
    services.comment_save(
        comment_round=comment_round,
        user=users["office"],
        text="Đề nghị nêu rõ số cuộc giám sát đã tổ chức.",
        comment=comment,
    )
    assert Comment.objects.filter(unit=users["office"].unit, submitted_at__isnull=True).count() == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_submit(comment_round=comment_round, user=users["office"])
    assert Comment.objects.filter(round=comment_round, submitted_at__isnull=False).count() == 2
    assert mail.outbox[0].to == ["canbo@example.org"]
    assert "Mặt trận huyện A đã gửi ý kiến" in mail.outbox[0].subject
    assert "2 ý kiến" in mail.outbox[0].body
    # Afterwards nothing can change.
    with pytest.raises(ValidationError, match="đã gửi ý kiến"):
        services.comment_save(comment_round=comment_round, user=users["office"], text="Thêm nữa")
    with pytest.raises(ValidationError, match="đã gửi ý kiến"):
        services.comment_save(comment_round=comment_round, user=users["office"], text="Sửa", comment=comment)
    with pytest.raises(ValidationError, match="đã gửi ý kiến"):
        services.comment_delete(comment=comment, user=users["office"])
    with pytest.raises(ValidationError, match="đã gửi ý kiến"):
        services.round_submit(comment_round=comment_round, user=users["office"])
    comment.refresh_from_db()
    assert comment.text == "Đề nghị nêu rõ số cuộc giám sát đã tổ chức."


def test_late_submission_and_late_changes_are_refused(round_setup, users):
    draft, comment_round = round_setup
    comment = services.comment_save(comment_round=comment_round, user=users["office"], text="Nhất trí.")
    late = comment_round.deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="Đã quá hạn gửi ý kiến"):
        services.round_submit(comment_round=comment_round, user=users["office"], now=late)
    with pytest.raises(ValidationError, match="Đã quá hạn gửi ý kiến"):
        services.comment_save(comment_round=comment_round, user=users["office"], text="Muộn", now=late)
    with pytest.raises(ValidationError, match="Đã quá hạn gửi ý kiến"):
        services.comment_delete(comment=comment, user=users["office"], now=late)
    assert RoundUnit.objects.get(round=comment_round, unit=users["office"].unit).submitted_at is None
    assert Comment.objects.get(pk=comment.pk).submitted_at is None


def test_late_submission_through_the_page_shows_the_message(round_setup, users, client):
    draft, comment_round = round_setup
    services.comment_save(comment_round=comment_round, user=users["office"], text="Nhất trí.")
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(users["office"])
    response = client.post(f"/du-thao/dot-gop-y/{comment_round.pk}/gui/", follow=True)
    assert "Đã quá hạn gửi ý kiến" in response.text
    assert "Đợt lấy ý kiến đã kết thúc" in response.text
    assert not RoundUnit.objects.filter(submitted_at__isnull=False).exists()


def test_submitting_nothing_is_refused(round_setup, users):
    draft, comment_round = round_setup
    with pytest.raises(ValidationError, match="chưa có ý kiến nào"):
        services.round_submit(comment_round=comment_round, user=users["office"])


def test_a_unit_not_asked_cannot_comment(round_setup, users, province):
    from tests.factories import UserFactory

    draft, comment_round = round_setup
    commune_user = UserFactory(role="office", unit=province["commune_a"])
    with pytest.raises(ValidationError, match="không được lấy ý kiến"):
        services.comment_save(comment_round=comment_round, user=commune_user, text="Ý kiến")


@pytest.mark.parametrize("reply", ["", "  \n "])
def test_not_accepting_a_comment_needs_a_reply_to_its_unit(round_setup, users, reply):
    draft, comment_round = round_setup
    comment = services.comment_save(comment_round=comment_round, user=users["office"], text="Đề nghị bổ sung")
    services.round_submit(comment_round=comment_round, user=users["office"])
    comment.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.comment_triage(
            comment=comment, decision=Comment.Decision.REJECTED, reply=reply, user=users["staff"]
        )
    assert refused.value.message_dict == {
        "reply": ["Không tiếp thu ý kiến thì cần trả lời đơn vị góp ý (nêu lý do)."]
    }
    comment.refresh_from_db()
    assert comment.decision == Comment.Decision.PENDING and comment.decided_by is None
    services.comment_triage(
        comment=comment,
        decision=Comment.Decision.REJECTED,
        reply="Ngoài phạm vi báo cáo.",
        user=users["staff"],
    )
    comment.refresh_from_db()
    assert comment.decision == Comment.Decision.REJECTED and comment.reply == "Ngoài phạm vi báo cáo."


def test_not_accepting_without_a_reply_is_refused_through_the_page(client, round_setup, users):
    from django.urls import reverse

    draft, comment_round = round_setup
    comment = services.comment_save(comment_round=comment_round, user=users["office"], text="Đề nghị bổ sung")
    services.round_submit(comment_round=comment_round, user=users["office"])
    client.force_login(users["staff"])
    response = client.post(
        reverse("drafts:comment_triage", args=[comment.pk]),
        {"decision": "rejected", "reply": ""},
        follow=True,
    )
    assert "Không tiếp thu ý kiến thì cần trả lời đơn vị góp ý (nêu lý do)." in response.text
    comment.refresh_from_db()
    assert comment.decision == Comment.Decision.PENDING


def test_triage_and_publishing_the_next_version(round_setup, users):
    draft, comment_round = round_setup
    unsubmitted = services.comment_save(comment_round=comment_round, user=users["office"], text="Nháp")
    with pytest.raises(ValidationError, match="chưa được đơn vị gửi"):
        services.comment_triage(comment=unsubmitted, decision="accepted", reply="", user=users["staff"])
    services.round_submit(comment_round=comment_round, user=users["office"])
    unsubmitted.refresh_from_db()
    services.comment_triage(
        comment=unsubmitted,
        decision=Comment.Decision.PARTLY,
        reply="Đã bổ sung một phần.",
        user=users["staff"],
    )
    unsubmitted.refresh_from_db()
    assert unsubmitted.decision == "partly" and unsubmitted.reply == "Đã bổ sung một phần."
    version = services.draft_version_publish(
        draft=draft,
        user=users["staff"],
        text="\n\n".join(PARAGRAPHS[:2] + ["Năm 2017, đổi mới mạnh mẽ hoạt động."]),
    )
    assert version.number == 2 and version.source == DraftVersion.Source.WRITTEN
    comment_round.refresh_from_db()
    assert comment_round.closed_at is not None
    # Unchanged paragraphs keep their anchors.
    v1 = dict(draft.versions.get(number=1).paragraphs.values_list("position", "anchor"))
    v2 = dict(version.paragraphs.values_list("position", "anchor"))
    assert v1[1] == v2[1] and v1[2] == v2[2] and v1[3] != v2[3]


def test_reminder_task_sends_once_per_unit_even_when_run_twice(
    round_setup, users, province, django_capture_on_commit_callbacks
):
    draft, comment_round = round_setup
    province["district_b"].email = "huyen-b@example.org"
    province["district_b"].save()
    services.comment_save(comment_round=comment_round, user=users["other_office"], text="Nhất trí.")
    services.round_submit(comment_round=comment_round, user=users["other_office"])
    # Not yet due: the deadline is a week away.
    assert tasks.send_round_reminders() == 0
    # Opened less than a day ago: the opening e-mail was enough.
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        deadline=timezone.now() + datetime.timedelta(hours=20)
    )
    assert tasks.send_round_reminders() == 0
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        opened_at=timezone.now() - datetime.timedelta(days=6)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = tasks.send_round_reminders.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        second = tasks.send_round_reminders.delay().get()
    assert (first, second) == (1, 0)
    assert [m.to for m in mail.outbox] == [["huyen-a@example.org", "office-a@example.org"]]
    assert "Nhắc hạn góp ý" in mail.outbox[0].subject
    assert (
        RoundUnit.objects.get(round=comment_round, unit=province["district_a"]).reminder_sent_at is not None
    )


def test_staff_remind_unsubmitted_units_by_hand(
    round_setup, users, province, django_capture_on_commit_callbacks
):
    draft, comment_round = round_setup
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        count = services.round_remind(comment_round=comment_round, user=users["staff"])
    assert count == 2
    assert ["huyen-a@example.org", "office-a@example.org"] in [m.to for m in mail.outbox]


def test_text_is_split_on_blank_lines_and_escaped():
    blocks = text_to_blocks("Đoạn một\ndòng hai\n\n\n<script>alert(1)</script>\n")
    assert [b.text for b in blocks] == ["Đoạn một dòng hai", "<script>alert(1)</script>"]
    assert blocks[0].html == "Đoạn một<br>dòng hai"
    assert blocks[1].html == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_converted_html_keeps_only_safe_markup():
    blocks = html_to_blocks(
        '<h1>I. Kết quả</h1><p onclick="x()">Mở <a href="javascript:alert(1)">liên kết</a>'
        '<img src="data:x" onerror="y()"><script>alert(1)</script> <strong>đậm</strong></p>'
        "<table><tr><td>Ô một</td></tr></table>"
    )
    assert [(b.kind, b.html) for b in blocks] == [
        ("h2", "I. Kết quả"),
        ("p", "Mở liên kết <strong>đậm</strong>"),
        ("p", "Ô một"),
    ]


def test_comparison_marks_insertions_and_deletions_escaped():
    lines = compare(
        ["Giữ nguyên.", "Tăng cường <giám sát>."], ["Giữ nguyên.", "Tăng cường mạnh <giám sát>.", "Mới."]
    )
    assert [line.op for line in lines] == ["equal", "change", "insert"]
    assert "<ins>mạnh</ins>" in lines[1].html and "&lt;giám" in lines[1].html
    assert lines[2].html == "<ins>Mới.</ins>"


def test_opening_a_round_with_bad_input_shows_messages_and_changes_nothing(client, users, province):
    draft = make_draft(users["staff"])
    client.force_login(users["staff"])
    url = f"/du-thao/{draft.pk}/phien-ban/1/lay-y-kien/"
    page = client.get(url).text
    picker = page.split('id="div_id_units"')[1].split("</fieldset>")[0]
    assert all(province[unit].name in picker for unit in ["district_a", "district_b", "commune_a"])
    # Departments are not asked, nor the committee itself.
    for unit in ["office", "committee"]:
        assert f'value="{province[unit].pk}"' not in picker
    past = timezone.localtime(timezone.now() - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"deadline": past, "instructions": ""})
    assert "Hãy chọn ít nhất một đơn vị." in response.text
    assert "Hạn gửi ý kiến phải ở trong tương lai." in response.text
    assert not RoundUnit.objects.exists()


@pytest.mark.parametrize(
    ("days", "message"),
    [(-1, "Hạn gửi ý kiến phải ở trong tương lai."), (367, "Hạn gửi ý kiến quá xa (hơn 1 năm).")],
)
def test_the_service_refuses_the_deadlines_the_form_refuses(users, province, days, message):
    """One rule (services.check_round_deadline) for the form and for every other caller."""
    draft = make_draft(users["staff"])
    with pytest.raises(ValidationError) as refused:
        open_round(draft, users["staff"], [province["district_a"]], days=days)
    assert refused.value.message_dict == {"deadline": [message]}
    assert not RoundUnit.objects.exists()


def test_staff_remind_through_the_page(round_setup, users, client):
    draft, comment_round = round_setup
    client.force_login(users["staff"])
    response = client.post(f"/du-thao/dot-gop-y/{comment_round.pk}/nhac/", follow=True)
    assert "Đã nhắc 2 đơn vị chưa gửi ý kiến; thư nhắc sẽ được gửi đi qua e-mail." in response.text
    assert RoundUnit.objects.filter(last_reminded_at__isnull=False).count() == 2


def test_an_empty_comment_gets_a_message_next_to_its_paragraph(round_setup, users, client):
    draft, comment_round = round_setup
    paragraph = comment_round.version.paragraphs.get(position=1)
    client.force_login(users["office"])
    response = client.post(
        f"/du-thao/dot-gop-y/{comment_round.pk}/y-kien/them/", {"paragraph": paragraph.pk, "text": "  "}
    )
    assert response.status_code == 400
    assert "Hãy nhập nội dung góp ý." in response.text
    assert not Comment.objects.exists()


def test_a_draft_needs_a_file_or_a_text_but_not_both(client, users, province):
    from tests.drafts_support import docx_upload
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(host_unit=province["board"])
    client.force_login(users["staff"])
    response = client.post("/du-thao/moi/", {"conference": conference.pk, "title": "Dự thảo", "text": ""})
    assert "Hãy tải lên tệp .docx hoặc nhập nội dung dự thảo." in response.text
    response = client.post(
        "/du-thao/moi/",
        {"conference": conference.pk, "title": "Dự thảo", "text": "Một đoạn.", "file": docx_upload()},
    )
    assert "Chỉ chọn một cách: tải tệp lên hoặc soạn nội dung." in response.text
    assert not DraftVersion.objects.exists()


def test_home_pages_list_open_rounds(round_setup, users, client):
    draft, comment_round = round_setup
    client.force_login(users["staff"])
    assert "0/2 đơn vị đã gửi" in client.get("/").text
    client.force_login(users["office"])
    page = client.get("/").text
    assert f"/du-thao/dot-gop-y/{comment_round.pk}/y-kien/" in page
    services.comment_save(comment_round=comment_round, user=users["office"], text="Nhất trí.")
    services.round_submit(comment_round=comment_round, user=users["office"])
    assert "Không có dự thảo nào đang chờ ý kiến của đơn vị." in client.get("/").text


def _rewritten_paragraphs(seed, count=1000):
    import random

    words = (pathlib.Path(__file__).parent / "data" / "bao-cao-giao-ban-2016.txt").read_text("utf-8").split()
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(30, 90))) for _ in range(count)]


def test_comparing_a_fully_rewritten_long_draft_is_capped_with_a_message():
    old, new = _rewritten_paragraphs(1), _rewritten_paragraphs(2)
    lines = compare(old, new)
    assert not lines.detailed
    assert lines.message.startswith("Hai phiên bản khác nhau quá nhiều để so sánh chi tiết")
    # every paragraph is still shown: the old ones deleted, the new ones inserted
    assert [line.op for line in lines] == ["delete"] * 1000 + ["insert"] * 1000
    assert lines[0].html == f"<del>{escape(old[0])}</del>"


def test_a_long_draft_with_a_few_edits_is_compared_word_by_word():
    old = _rewritten_paragraphs(1)
    new = list(old)
    new[500] = new[500].replace(new[500].split()[3], "XYZ", 1)
    new.insert(800, "Đoạn mới thêm vào.")
    lines = compare(old, new)
    assert lines.detailed and lines.message == ""
    assert [line.op for line in lines].count("equal") == 999
    assert "<ins>XYZ</ins>" in [line for line in lines if line.op == "change"][0].html
    assert [line.html for line in lines if line.op == "insert"] == ["<ins>Đoạn mới thêm vào.</ins>"]


def test_the_comparison_page_says_when_the_versions_are_too_different(client, users):
    draft = make_draft(users["staff"], texts=_rewritten_paragraphs(1, count=300))
    services.draft_version_publish(
        draft=draft, user=users["staff"], text="\n\n".join(_rewritten_paragraphs(2, count=300)), note=""
    )
    client.force_login(users["staff"])
    page = client.get(reverse("drafts:compare", args=[draft.pk, 1, 2])).content.decode()
    assert "Hai phiên bản khác nhau quá nhiều để so sánh chi tiết" in page
