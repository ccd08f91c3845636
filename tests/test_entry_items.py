"""The generic item editor: add, edit, delete, move, validation, optimistic locking, history."""

import datetime

import pytest
from django.urls import reverse

from conferences import services
from conferences.editing import get_section
from conferences.models import AttendanceGroup, Difficulty, DraftOpinion, ProposedTask
from frontwork.accounts.models import Unit
from recommendations.models import Directive, Recommendation
from tests.factories import ConferenceFactory, UnitFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def conference(province):
    return ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27), site_count=7)


def add_url(conference, key, parent=None):
    return reverse("conferences:item_add", args=[conference.pk, key, (parent or conference).pk])


def item_url(name, conference, key, item):
    return reverse(f"conferences:{name}", args=[conference.pk, key, item.pk])


def test_staff_adds_a_difficulty_and_gets_a_fresh_form(client, users, conference, province):
    client.force_login(users["staff"])
    form = client.get(add_url(conference, "difficulties"), **HTMX).text
    assert "Thêm khó khăn, hạn chế" in form and "Mặt trận huyện A" in form
    response = client.post(
        add_url(conference, "difficulties"),
        {
            f"difficulties-new-{conference.pk}-text": "Kinh phí còn hạn chế.",
            f"difficulties-new-{conference.pk}-raised_by": [province["district_a"].pk],
        },
        **HTMX,
    )
    difficulty = Difficulty.objects.get(conference=conference)
    assert difficulty.text == "Kinh phí còn hạn chế."
    assert list(difficulty.raised_by.all()) == [province["district_a"]]
    # The new item is appended to the list out of band, and a blank form comes back.
    assert f'hx-swap-oob="beforeend:#list-difficulties-{conference.pk}"' in response.text
    assert "Kinh phí còn hạn chế." in response.text and "Đã thêm" in response.text
    # One history entry, marked as a creation, holding the units.
    history = list(difficulty.history.all())
    assert len(history) == 1 and history[0].history_type == "+"
    assert history[0].history_user == users["staff"]


def test_items_go_to_the_end_and_move_without_touching_versions(client, users, conference):
    client.force_login(users["staff"])
    section = get_section("difficulties")
    items = [services.item_create(section=section, parent=conference, data={"text": t}) for t in "ABC"]
    assert [i.position for i in items] == [0, 1, 2]
    response = client.post(
        item_url("item_move", conference, "difficulties", items[2]), {"direction": "up"}, **HTMX
    )
    assert response["FW-Moved"] == "up"
    assert [d.text for d in conference.difficulties.all()] == ["A", "C", "B"]
    assert {d.version for d in conference.difficulties.all()} == {1}
    # At the top, nothing moves.
    response = client.post(
        item_url("item_move", conference, "difficulties", items[0]), {"direction": "up"}, **HTMX
    )
    assert "FW-Moved" not in response
    assert [d.text for d in conference.difficulties.all()] == ["A", "C", "B"]


def test_validation_messages_are_in_vietnamese_next_to_the_field(client, users, conference, province):
    client.force_login(users["staff"])
    prefix = f"difficulties-new-{conference.pk}"
    response = client.post(add_url(conference, "difficulties"), {f"{prefix}-text": "  "}, **HTMX)
    assert "Trường này là bắt buộc" in response.text
    # A forged unit id, a unit outside the user's province, a unit not active on the conference date.
    elsewhere = UnitFactory(code="tinh-khac", name="Tỉnh khác", kind=Unit.Kind.PROVINCIAL_COMMITTEE)
    closed = UnitFactory(
        code="huyen-cu", name="Huyện cũ", parent=province["committee"], active_to=datetime.date(2010, 1, 1)
    )
    for forged in (999999, elsewhere.pk, closed.pk):
        response = client.post(
            add_url(conference, "difficulties"),
            {f"{prefix}-text": "Nội dung", f"{prefix}-raised_by": [forged]},
            **HTMX,
        )
        assert "Đơn vị không tồn tại, không thuộc phạm vi của bạn hoặc không hoạt động vào ngày họp." in (
            response.text
        )
    assert not Difficulty.objects.exists()


def test_directive_due_date_not_before_the_conference(client, users, conference):
    client.force_login(users["staff"])
    prefix = f"directives-new-{conference.pk}"
    response = client.post(
        add_url(conference, "directives"),
        {f"{prefix}-text": "Chuẩn bị Tết", f"{prefix}-due_date": "2016-12-01"},
        **HTMX,
    )
    assert "Thời hạn không được trước ngày họp (27/12/2016)." in response.text
    assert not Directive.objects.exists()
    client.post(
        add_url(conference, "directives"),
        {f"{prefix}-text": "Chuẩn bị Tết", f"{prefix}-due_date": "2017-01-20"},
        **HTMX,
    )
    assert Directive.objects.get().due_date == datetime.date(2017, 1, 20)


def test_attendance_units_must_fit_the_group(client, users, conference, province):
    client.force_login(users["staff"])
    prefix = f"attendance-new-{conference.pk}"
    data = {
        f"{prefix}-kind": "district_committees",
        f"{prefix}-description": "Ban Thường trực Ủy ban Mặt trận các huyện",
        f"{prefix}-units": [province["district_a"].pk, province["office"].pk],
        f"{prefix}-site_count": "9",
    }
    response = client.post(add_url(conference, "attendance"), data, **HTMX)
    assert "Không thuộc nhóm “Mặt trận cấp huyện”: Văn phòng." in response.text
    assert "Nhiều hơn số điểm cầu của hội nghị (7)." in response.text
    data[f"{prefix}-units"] = [province["district_a"].pk, province["district_b"].pk]
    data[f"{prefix}-site_count"] = "2"
    client.post(add_url(conference, "attendance"), data, **HTMX)
    assert AttendanceGroup.objects.get().units.count() == 2


def test_proposed_tasks_are_added_under_their_opinion(client, users, conference):
    client.force_login(users["staff"])
    opinion = services.item_create(
        section=get_section("opinions"), parent=conference, data={"draft_title": "dự thảo báo cáo năm 2016"}
    )
    prefix = f"tasks-new-{opinion.pk}"
    client.post(add_url(conference, "tasks", opinion), {f"{prefix}-text": "Phát động thi đua."}, **HTMX)
    assert ProposedTask.objects.get().opinion == opinion
    # The parent must belong to the conference in the URL.
    other = ConferenceFactory(host_unit=conference.host_unit)
    assert client.get(add_url(other, "tasks", opinion), **HTMX).status_code == 404
    assert (
        client.get(
            reverse("conferences:item_add", args=[conference.pk, "nothing", conference.pk])
        ).status_code
        == 404
    )


def test_the_second_of_two_concurrent_saves_is_refused_and_shows_the_difference(
    client, users, conference, province
):
    section = get_section("recommendations")
    item = services.item_create(
        section=section, parent=conference, data={"text": "Giữ nguyên biên chế.", "addressee": None}
    )
    prefix = f"recommendations-{item.pk}"
    url = item_url("item_edit", conference, "recommendations", item)
    client.force_login(users["staff"])
    # Both open the form at version 1.
    assert f'name="{prefix}-version" value="1"' in client.get(url, **HTMX).text
    first = client.post(
        url, {f"{prefix}-text": "Giữ nguyên biên chế như cũ.", f"{prefix}-version": "1"}, **HTMX
    )
    assert "Giữ nguyên biên chế như cũ." in first.text and "Chưa lưu" not in first.text
    client.force_login(users["admin"])
    second = client.post(
        url, {f"{prefix}-text": "Tăng biên chế.", f"{prefix}-version": "1", f"{prefix}-addressee": ""}, **HTMX
    )
    item.refresh_from_db()
    assert item.text == "Giữ nguyên biên chế như cũ." and item.version == 2
    text = second.text
    assert "Chưa lưu: người khác vừa sửa mục này." in text
    assert "Nguyễn Thị Lan đã lưu lúc" in text
    assert "Giữ nguyên biên chế như cũ." in text and "Tăng biên chế." in text  # theirs and mine
    # The form keeps what was typed, now based on the saved version: saving again is deliberate.
    assert f'name="{prefix}-version" value="2"' in text
    third = client.post(url, {f"{prefix}-text": "Tăng biên chế.", f"{prefix}-version": "2"}, **HTMX)
    assert "Chưa lưu" not in third.text
    item.refresh_from_db()
    assert item.text == "Tăng biên chế." and item.version == 3


def test_conflict_when_the_item_was_deleted_meanwhile(client, users, conference):
    section = get_section("difficulties")
    item = services.item_create(section=section, parent=conference, data={"text": "A"})
    with pytest.raises(services.EditConflict) as error:
        services.item_save(section=section, item=item, data={"text": "B"}, expected_version=0)
    assert error.value.current.text == "A"
    services.item_delete(section=section, item=item, expected_version=1)
    with pytest.raises(services.EditConflict) as error:
        services.item_save(section=section, item=item, data={"text": "B"}, expected_version=1)
    assert error.value.current is None


def test_delete_is_refused_when_someone_changed_the_item(client, users, conference):
    section = get_section("difficulties")
    item = services.item_create(section=section, parent=conference, data={"text": "A"})
    services.item_save(section=section, item=item, data={"text": "A, đã sửa"}, expected_version=1)
    client.force_login(users["staff"])
    response = client.post(
        item_url("item_delete", conference, "difficulties", item), {"version": "1"}, **HTMX
    )
    assert "Chưa xóa" in response.text and "A, đã sửa" in response.text
    assert response["HX-Retarget"] == f"#body-difficulties-{item.pk}"
    assert Difficulty.objects.filter(pk=item.pk).exists()
    response = client.post(
        item_url("item_delete", conference, "difficulties", item), {"version": "2"}, **HTMX
    )
    assert response.text == "" and not Difficulty.objects.filter(pk=item.pk).exists()


def test_history_page_shows_who_what_and_before_after(client, users, conference, province):
    client.force_login(users["staff"])
    section = get_section("recommendations")
    prefix = f"recommendations-new-{conference.pk}"
    client.post(
        add_url(conference, "recommendations"),
        {f"{prefix}-text": "Hỗ trợ kinh phí.", f"{prefix}-raised_by": [province["district_a"].pk]},
        **HTMX,
    )
    item = Recommendation.objects.get()
    edit_prefix = f"recommendations-{item.pk}"
    client.post(
        item_url("item_edit", conference, "recommendations", item),
        {
            f"{edit_prefix}-text": "Hỗ trợ kinh phí giám sát.",
            f"{edit_prefix}-raised_by": [province["district_a"].pk, province["district_b"].pk],
            f"{edit_prefix}-version": "1",
        },
        **HTMX,
    )
    services.item_delete(section=section, item=item, expected_version=2)
    text = client.get(reverse("conferences:history", args=[conference.pk])).text
    assert "I.3. Kiến nghị, đề xuất" in text
    # Only what changed is marked: words of a text, units of a list.
    assert "Hỗ trợ kinh <del>phí.</del>" in text and "Hỗ trợ kinh <ins>phí giám sát.</ins>" in text
    assert "Mặt trận huyện A, <ins>Mặt trận huyện B</ins>" in text
    assert text.count("Nguyễn Thị Lan") >= 2
    for badge in ("Thêm", "Sửa", "Xóa"):
        assert f'">{badge}</span>' in text


def test_units_set_just_after_a_creation_are_a_change_of_their_own(client, users, conference, province):
    """Entries close in time are not merged: the creation is one entry, the change right after it another."""
    section = get_section("difficulties")
    item = services.item_create(section=section, parent=conference, data={"text": "Kinh phí hạn chế."})
    services.item_save(
        section=section, item=item, data={"raised_by": [province["district_a"]]}, expected_version=1
    )
    assert [h.history_type for h in item.history.order_by("history_id")] == ["+", "~"]
    client.force_login(users["staff"])
    text = client.get(reverse("conferences:history", args=[conference.pk])).text
    assert "fw-action-created" in text and "fw-action-changed" in text
    assert "<ins>Mặt trận huyện A</ins>" in text


def test_deleting_an_opinion_keeps_its_tasks_history_on_the_conference_page(client, users, conference):
    opinion = services.item_create(
        section=get_section("opinions"), parent=conference, data={"draft_title": "dự thảo X"}
    )
    services.item_create(section=get_section("tasks"), parent=opinion, data={"text": "Nhiệm vụ Y"})
    services.item_delete(section=get_section("opinions"), item=opinion, expected_version=1)
    assert not DraftOpinion.objects.exists()
    client.force_login(users["staff"])
    text = client.get(reverse("conferences:history", args=[conference.pk])).text
    assert "Nhiệm vụ Y" in text and "dự thảo X" in text


def test_saving_an_item_someone_deleted_keeps_the_typed_text(client, users, conference):
    section = get_section("difficulties")
    item = services.item_create(section=section, parent=conference, data={"text": "A"})
    client.force_login(users["staff"])
    url = item_url("item_edit", conference, "difficulties", item)
    client.get(url, **HTMX)
    services.item_delete(section=section, item=item, expected_version=1)
    prefix = f"difficulties-{item.pk}"
    response = client.post(url, {f"{prefix}-text": "Bản tôi đang gõ", f"{prefix}-version": "1"}, **HTMX)
    assert "Chưa lưu: mục này vừa bị người khác xóa." in response.text
    assert "Bản tôi đang gõ" in response.text  # still in the form, to copy
    assert not Difficulty.objects.exists()  # nothing is re-created behind anyone's back


def test_history_of_an_imported_record_reads_as_creations(client, demo, demo_users):
    client.force_login(demo_users["staff"])
    text = client.get(reverse("conferences:history", args=[demo.pk])).text
    assert "fw-action-created" in text
    assert "fw-action-changed" not in text and "fw-action-deleted" not in text
    assert "Mặt trận huyện Bình Giang" in text  # units belong to the creation entries


def test_editing_page_lists_the_demo_record_in_the_report_order(client, demo, demo_users):
    client.force_login(demo_users["admin"])
    text = client.get(reverse("conferences:edit", args=[demo.pk])).text
    headings = [
        "Thành phần tham dự",
        "Nội dung hội nghị đã thông qua",
        "I.1. Ý kiến về dự thảo báo cáo",
        "Nhiệm vụ đề nghị bổ sung",
        "I.2. Khó khăn, hạn chế",
        "I.3. Kiến nghị, đề xuất",
        "II. Kết luận, chỉ đạo",
    ]
    start = text.index('id="sec-general"')  # after the table of contents
    positions = [text.index(h, start) for h in headings]
    assert positions == sorted(positions)
    assert "Cơ quan nhận kiến nghị" in text and "Tỉnh ủy" in text and "20/01/2017" in text


def test_word_diff_marks_only_what_changed():
    from conferences.selectors import changed_pieces

    before, after = changed_pieces("Hỗ trợ kinh phí, giám sát.", "Hỗ trợ kinh phí giám sát.")
    assert before == [("Hỗ trợ kinh ", False), ("phí, ", True), ("giám sát.", False)]
    assert after == [("Hỗ trợ kinh ", False), ("phí ", True), ("giám sát.", False)]
    before, after = changed_pieces("Huyện A, Huyện B", "Huyện B, Huyện C", ", ")
    assert [t for t, changed in before if changed] == ["Huyện A, "]
    assert [t for t, changed in after if changed] == ["Huyện C"]


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins_the_other_is_refused(province):
    """Two threads save the same item from the same version at the same moment."""
    import threading

    from django.db import connection

    conference = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    section = get_section("difficulties")
    item = services.item_create(section=section, parent=conference, data={"text": "Gốc"})
    barrier = threading.Barrier(2)
    outcomes = []

    def save(text):
        try:
            barrier.wait()
            services.item_save(section=section, item=item, data={"text": text}, expected_version=1)
            outcomes.append(("saved", text))
        except services.EditConflict as error:
            outcomes.append(("refused", error.current.text))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("Bản của Lan", "Bản của Huy")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _ in outcomes) == ["refused", "saved"]
    winner = next(text for kind, text in outcomes if kind == "saved")
    loser_saw = next(text for kind, text in outcomes if kind == "refused")
    item.refresh_from_db()
    assert item.text == winner == loser_saw and item.version == 2
    assert item.history.count() == 2  # the creation and the one save that won


def test_a_move_is_one_history_entry_saying_which_way(client, users, conference):
    section = get_section("agenda")
    items = [services.item_create(section=section, parent=conference, data={"text": t}) for t in "ABC"]
    client.force_login(users["staff"])
    client.post(item_url("item_move", conference, "agenda", items[2]), {"direction": "up"}, **HTMX)
    assert [i.text for i in conference.agenda_items.all()] == ["A", "C", "B"]
    text = client.get(reverse("conferences:history", args=[conference.pk])).text
    assert text.count("fw-action-moved") == 1
    assert '">Chuyển lên</span>' in text


def test_the_addressee_picker_groups_the_authorities_by_kind_before_the_central_committee(
    users, conference, province
):
    from recommendations.forms import RecommendationForm

    K = Unit.Kind
    central = UnitFactory(code="tw", name="Ủy ban Trung ương MTTQ Việt Nam", kind=K.CENTRAL)
    province["committee"].parent = central  # the central committee is offered as the province's superior
    province["committee"].save()
    for code, name, kind in [
        ("ca-tinh", "Công an tỉnh", K.AUTHORITY),
        ("ubnd-tinh", "Ủy ban nhân dân tỉnh", K.PEOPLES_COMMITTEE),
        ("hdnd-tinh", "Hội đồng nhân dân tỉnh", K.PEOPLES_COUNCIL),
        ("tinh-uy", "Tỉnh ủy", K.PARTY_COMMITTEE),
    ]:
        UnitFactory(code=code, name=name, kind=kind, parent=province["committee"])
    form = RecommendationForm(conference=conference, user=users["staff"])
    groups = [
        (str(label), [name for _pk, name in options])
        for label, options in form.fields["addressee"].widget.choices[1:]
    ]
    assert groups == [
        ("Ban Thường trực", ["Ban Thường trực"]),
        ("Ban, Văn phòng", ["Văn phòng"]),
        ("Ủy ban MTTQ cấp tỉnh", ["Ủy ban MTTQ Việt Nam tỉnh"]),
        ("Cấp ủy Đảng", ["Tỉnh ủy"]),
        ("Hội đồng nhân dân", ["Hội đồng nhân dân tỉnh"]),
        ("Ủy ban nhân dân", ["Ủy ban nhân dân tỉnh"]),
        ("Cơ quan, tổ chức khác", ["Công an tỉnh"]),
        ("Ủy ban Trung ương MTTQ Việt Nam", [central.name]),
    ]
