"""Every Front committee, at every level, holds its own briefings: roles are relative to the
committee of the user's unit (frontwork/accounts/permissions.py, frontwork/accounts/access.py).

The world has three levels: the central committee; two provinces; in province 1 two sibling
communes (A and B), in province 2 one commune (C). Each committee has a standing board that hosts a
conference with a draft, a comment round, a recommendation and a directive, and a People's
Committee in its area. Users: staff, leader and administrator of each committee (at its standing
board) and an office user of commune A.

Each rule × role × object is checked against the relation of the object's committee to the user's:
own, child (the committee below), sibling, parent. Only `own` may ever be changed; `own` and
`child` are seen; `sibling` and `parent` are hidden (404) unless the user's units were asked.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference
from frontwork.accounts.access import hosting_units, units_for
from frontwork.accounts.models import Unit, User
from frontwork.accounts.permissions import RULES, can
from recommendations.models import Directive, Recommendation
from reports.drafts import services as draft_services
from reports.drafts.models import Comment, CommentRound, DraftVersion, RoundUnit
from tests.factories import ConferenceFactory, UnitFactory, UserFactory

K = Unit.Kind
COMMITTEES = {"tw": K.CENTRAL, "p1": K.PROVINCIAL_COMMITTEE, "p2": K.PROVINCIAL_COMMITTEE}
COMMITTEES |= {"xa_a": K.COMMUNE_COMMITTEE, "xa_b": K.COMMUNE_COMMITTEE, "xa_c": K.COMMUNE_COMMITTEE}
PARENT = {"tw": None, "p1": "tw", "p2": "tw", "xa_a": "p1", "xa_b": "p1", "xa_c": "p2"}
ROLES = {"staff": User.Role.STAFF, "leader": User.Role.LEADER, "admin": User.Role.ADMIN}


@pytest.fixture
def tree(db):
    units = {}
    for key, kind in COMMITTEES.items():
        parent = units[PARENT[key]] if PARENT[key] else None
        units[key] = UnitFactory(code=key, name=f"Ủy ban MTTQ {key}", kind=kind, parent=parent)
        units[f"btt_{key}"] = UnitFactory(
            code=f"btt-{key}", name=f"Ban Thường trực {key}", kind=K.STANDING_BOARD, parent=units[key]
        )
        units[f"ubnd_{key}"] = UnitFactory(
            code=f"ubnd-{key}", name=f"Ủy ban nhân dân {key}", kind=K.PEOPLES_COMMITTEE, parent=units[key]
        )
    units["vp_p1"] = UnitFactory(code="vp-p1", name="Văn phòng p1", kind=K.DEPARTMENT, parent=units["p1"])
    return units


@pytest.fixture
def people(tree):
    users = {}
    for key in COMMITTEES:
        for role_key, role in ROLES.items():
            users[f"{role_key}_{key}"] = UserFactory(
                username=f"{role_key}-{key}", role=role, unit=tree[f"btt_{key}"]
            )
    users["office_xa_a"] = UserFactory(username="office-xa-a", role=User.Role.OFFICE, unit=tree["xa_a"])
    return users


@pytest.fixture
def held(tree, people):
    """For each committee, a conference of its board with a draft, a round asking the committees
    below it (or itself, for the communes: nobody below), a recommendation and a directive."""
    objects = {}
    for key in COMMITTEES:
        conference = ConferenceFactory(host_unit=tree[f"btt_{key}"], subject=f"giao ban {key}")
        draft = draft_services.draft_create(
            conference=conference, title=f"Dự thảo {key}", user=people[f"staff_{key}"], text="Đoạn một."
        )
        below = [tree[k] for k, parent in PARENT.items() if parent == key]
        comment_round = CommentRound.objects.create(
            version=draft.versions.get(number=1), deadline=timezone.now() + datetime.timedelta(days=7)
        )
        RoundUnit.objects.bulk_create(RoundUnit(round=comment_round, unit=unit) for unit in below)
        recommendation = Recommendation.objects.create(conference=conference, text=f"Kiến nghị {key}")
        directive = Directive.objects.create(conference=conference, text=f"Chỉ đạo {key}")
        objects[key] = {
            "conference": conference,
            "draft": draft,
            "round": comment_round,
            "recommendation": recommendation,
            "directive": directive,
        }
    return objects


# The user's committee → the committee of each relation.
RELATIONS = {
    "p1": {"own": "p1", "child": "xa_a", "sibling": "p2", "parent": "tw"},
    "xa_a": {"own": "xa_a", "sibling": "xa_b", "parent": "p1"},
    "tw": {"own": "tw", "child": "p1"},
}
CASES = [(user_committee, relation) for user_committee, rels in RELATIONS.items() for relation in rels]

# rule → (the object it is asked about, the roles that may on their own committee's objects)
OBJECT_RULES = {
    "conference.change": ("conference", {"staff", "admin"}),
    "draft.manage": ("draft", {"staff", "admin"}),
    "round.follow": ("round", {"staff", "leader", "admin"}),
    "report.change": ("conference", {"staff", "admin"}),
    "report.render": ("conference", {"staff", "leader", "admin"}),
    "report.approve": ("conference", {"leader"}),
    "recommendation.follow_up": ("recommendation", {"staff", "leader", "admin"}),
    "recommendation.forward": ("recommendation", {"staff", "admin"}),
    "recommendation.answer": ("recommendation", {"staff", "admin"}),
    "recommendation.resolve": ("recommendation", {"staff", "leader", "admin"}),
    "recommendation.reject": ("recommendation", {"leader", "admin"}),
    "recommendation.manage": ("recommendation", {"staff", "admin"}),
    "directive.manage": ("directive", {"staff", "admin"}),
}


def test_every_rule_on_held_objects_is_checked_here():
    by_role_or_owner = {
        "conference.add",
        "dashboard.view",
        "round.comment",
        "directive.report",
        "tree.manage",
    }
    assert set(RULES) == set(OBJECT_RULES) | by_role_or_owner


@pytest.mark.parametrize("rule", sorted(OBJECT_RULES))
def test_a_rule_holds_on_the_own_committees_objects_only(held, people, rule):
    """Every role of every committee, on the objects of its own, child, sibling and parent
    committee: {(committee, relation, role): (expected, got)} for each one that differs."""
    kind, roles = OBJECT_RULES[rule]
    differing = {}
    for committee, relation in CASES:
        obj = held[RELATIONS[committee][relation]][kind]
        for role in ROLES:
            expected = relation == "own" and role in roles
            got = can(people[f"{role}_{committee}"], rule, obj)
            if got != expected:
                differing[(committee, relation, role)] = (expected, got)
    assert differing == {}


@pytest.mark.parametrize("rule", sorted(OBJECT_RULES))
def test_an_office_user_changes_nothing_of_its_own_committee(held, people, rule):
    kind, _roles = OBJECT_RULES[rule]
    assert not can(people["office_xa_a"], rule, held["xa_a"][kind])


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize(("committee", "relation"), CASES)
def test_a_committee_sees_its_own_and_what_is_below_it_and_nothing_else(
    client, held, people, role, committee, relation
):
    """The record page and the registers: 200 for own and child, 404 otherwise; the editing page
    is 200 for the own committee's editors, 403 for those who only see. The draft of the parent
    committee is seen too: its round asks the user's committee."""
    objects = held[RELATIONS[committee][relation]]
    client.force_login(people[f"{role}_{committee}"])
    seen = relation in ("own", "child")
    conference = objects["conference"]
    assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == (
        200 if seen else 404
    )
    draft_seen = seen or relation == "parent"
    assert client.get(reverse("drafts:detail", args=[objects["draft"].pk])).status_code == (
        200 if draft_seen else 404
    )
    edit = client.get(reverse("conferences:edit", args=[conference.pk])).status_code
    assert edit == (404 if not seen else 200 if relation == "own" and role != "leader" else 403)
    register = client.get(reverse("recommendations:register")).text
    assert (objects["recommendation"].text in register) == seen
    directives = client.get(reverse("recommendations:directives")).text
    assert (objects["directive"].text in directives) == seen


def test_the_registers_rows_are_exactly_what_each_user_sees(held, people, tree):
    """recommendations.access writes the registers' rows for reading a page (per database: a list
    of conferences on SQLite, arrays of ids on PostgreSQL, the plain condition for the root
    committee): the same rows, in the same order, as recommendations_visible_to and
    directives_visible_to, for every user, the rows of the user's own units (raised by, addressed
    to, followed by, carried out by) included."""
    from recommendations.access import (
        directive_register_rows,
        directives_visible_to,
        recommendation_register_rows,
        recommendations_visible_to,
    )
    from recommendations.selectors import register_order

    province = held["p1"]
    raised = Recommendation.objects.create(conference=held["p2"]["conference"], text="Kiến nghị của xã A")
    raised.raised_by.set([tree["xa_a"]])
    Recommendation.objects.create(conference=held["tw"]["conference"], text="Gửi p2", addressee=tree["p2"])
    Recommendation.objects.create(
        conference=province["conference"], text="Văn phòng theo dõi", department=tree["vp_p1"]
    )
    owned = Directive.objects.create(conference=held["p2"]["conference"], text="Xã A thực hiện")
    owned.owners.set([tree["btt_xa_a"]])
    for user in people.values():
        for register_rows, visible_to in (
            (recommendation_register_rows, recommendations_visible_to),
            (directive_register_rows, directives_visible_to),
        ):
            rows = list(register_rows(user).order_by(*register_order()).values_list("pk", flat=True))
            assert rows == list(visible_to(user).order_by(*register_order()).values_list("pk", flat=True))
    assert raised.pk in recommendation_register_rows(people["office_xa_a"]).values_list("pk", flat=True)


def test_the_conference_list_of_a_commune_holds_its_own_only(client, held, people):
    client.force_login(people["leader_xa_a"])
    page = client.get(reverse("conferences:list")).text.lower()
    assert "giao ban xa_a" in page
    assert not any(f"giao ban {key}" in page for key in ["xa_b", "p1", "p2", "tw", "xa_c"])


def test_a_province_sees_its_communes_read_only(client, held, people):
    client.force_login(people["staff_p1"])
    conference = held["xa_a"]["conference"]
    assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == 200
    before = Conference.objects.get(pk=conference.pk).subject
    response = client.post(reverse("conferences:update", args=[conference.pk]), {"subject": "đổi"})
    assert response.status_code == 403
    assert Conference.objects.get(pk=conference.pk).subject == before
    assert client.post(reverse("reports:final_report_render", args=[conference.pk])).status_code == 403
    assert client.get(reverse("drafts:round_status", args=[held["xa_a"]["round"].pk])).status_code == 403


def test_a_communes_staff_creates_its_own_conference(client, tree, people):
    client.force_login(people["staff_xa_a"])
    page = client.get(reverse("conferences:create")).text
    assert page.count('name="host_unit"') == 1
    host_picker = page[page.index('name="host_unit"') :].split("</select>", 1)[0]
    assert "Ban Thường trực xa_a" in host_picker and "Ban Thường trực p1" not in host_picker
    response = client.post(reverse("conferences:create"), _conference_data(tree["btt_xa_a"]))
    assert response.status_code == 302
    conference = Conference.objects.get(subject="giao ban tháng 11 của xã")
    assert conference.host_unit == tree["btt_xa_a"]
    assert can(people["staff_xa_a"], "conference.change", conference)
    assert not can(people["staff_p1"], "conference.change", conference)


@pytest.mark.parametrize("host", ["btt_p1", "btt_xa_b", "p2", "btt_tw"])
def test_a_forged_host_outside_the_committee_is_refused_and_nothing_is_saved(client, tree, people, host):
    client.force_login(people["staff_xa_a"])
    response = client.post(reverse("conferences:create"), _conference_data(tree[host]))
    assert response.status_code == 200
    assert "Đơn vị không tồn tại, không thuộc phạm vi của bạn" in response.text
    assert not Conference.objects.filter(subject="giao ban tháng 11 của xã").exists()


def test_a_forged_unit_outside_the_area_is_refused_in_a_record_item(client, tree, people, held):
    conference = held["xa_a"]["conference"]
    client.force_login(people["staff_xa_a"])
    url = reverse(
        "conferences:item_add",
        kwargs={"pk": conference.pk, "section_key": "recommendations", "parent_pk": conference.pk},
    )
    before = Recommendation.objects.count()
    prefix = f"recommendations-new-{conference.pk}"
    data = {f"{prefix}-text": "Đề nghị sửa đường.", f"{prefix}-addressee": tree["ubnd_p2"].pk}
    response = client.post(url, data)
    assert "Đơn vị không tồn tại, không thuộc phạm vi của bạn" in response.text
    assert Recommendation.objects.count() == before


def test_a_forged_conference_of_another_committee_is_refused_for_a_draft(client, held, people):
    client.force_login(people["staff_xa_a"])
    data = {"conference": held["xa_b"]["conference"].pk, "title": "Dự thảo giả", "text": "Nội dung."}
    response = client.post(reverse("drafts:create"), data)
    assert "không do ủy ban Mặt trận của bạn tổ chức" in response.text
    assert not DraftVersion.objects.filter(draft__title="Dự thảo giả").exists()


def _conference_data(host):
    return {
        "kind": "briefing",
        "period": "month",
        "period_year": "2016",
        "period_number": "11",
        "subject": "giao ban tháng 11 của xã",
        "date": "2016-11-28",
        "format": "in_person",
        "site_count": "",
        "location": "Hội trường xã",
        "host_unit": str(host.pk),
        "chair": "Ban Thường trực",
        "status": "held",
        "recommendations_intro": "",
        "conclusions_intro": "",
    }


# --- pickers and filters: the committee's area, nothing of another province ----------------------


def _codes(units):
    return set(units.values_list("code", flat=True))


def test_the_area_of_a_province(tree):
    area = _codes(Unit.objects.of_area(tree["p1"]))
    assert area == {"p1", "btt-p1", "ubnd-p1", "vp-p1", "xa_a", "xa_b", "tw", "btt-tw", "ubnd-tw"}


def test_the_area_of_a_commune(tree):
    area = _codes(Unit.objects.of_area(tree["xa_a"]))
    assert area == {"xa_a", "btt-xa_a", "ubnd-xa_a", "p1", "btt-p1", "ubnd-p1", "tw", "btt-tw", "ubnd-tw"}


def test_the_area_of_a_province_before_2025_reaches_the_communes_of_its_districts(tree):
    district = UnitFactory(code="huyen", name="Huyện", kind=K.DISTRICT_COMMITTEE, parent=tree["p1"])
    UnitFactory(code="ubnd-huyen", name="UBND huyện", kind=K.PEOPLES_COMMITTEE, parent=district)
    UnitFactory(code="xa-cu", name="Xã cũ", kind=K.COMMUNE_COMMITTEE, parent=district)
    area = _codes(Unit.objects.of_area(tree["p1"]))
    assert {"huyen", "xa-cu"} <= area and "ubnd-huyen" not in area


def test_the_area_of_the_central_committee(tree):
    assert _codes(Unit.objects.of_area(tree["tw"])) == {"tw", "btt-tw", "ubnd-tw", "p1", "p2"}


@pytest.mark.parametrize("committee", ["p1", "xa_a", "xa_b"])
def test_pickers_never_offer_another_provinces_authorities(held, people, committee):
    from recommendations.filters import RecommendationFilter
    from recommendations.forms import RecommendationForm

    user = people[f"staff_{committee}"]
    form = RecommendationForm(conference=held[committee]["conference"], user=user)
    offered = _codes(form.fields["addressee"].queryset)
    filtered = _codes(RecommendationFilter(user=user).form.fields["addressee"].queryset)
    for codes in (offered, filtered):
        assert "ubnd-p1" in codes and "ubnd-tw" in codes
        assert not codes & {"ubnd-p2", "ubnd-xa_c", "p2"}
        assert ("ubnd-xa_a" in codes) == (
            committee == "xa_a"
        )  # a commune's authority is nothing to the province


def test_a_province_hosts_through_its_own_bodies_only(tree, people):
    assert _codes(hosting_units(people["staff_p1"])) == {"p1", "btt-p1"}
    assert _codes(hosting_units(people["staff_xa_a"])) == {"xa_a", "btt-xa_a"}


def test_a_user_without_a_unit_picks_nothing(db):
    assert not units_for(User(role=User.Role.STAFF)).exists()


# --- answering a higher committee's round -------------------------------------------------------


@pytest.mark.parametrize("role", sorted(ROLES))
def test_a_communes_users_answer_the_provinces_round_for_their_committee(client, held, people, role):
    comment_round = held["p1"]["round"]  # asks xa_a and xa_b
    user = people[f"{role}_xa_a"]
    assert can(user, "round.comment", comment_round)
    assert not can(people[f"{role}_xa_c"], "round.comment", comment_round)
    assert not can(people[f"{role}_p1"], "round.comment", comment_round)
    client.force_login(user)
    assert held["p1"]["draft"].title in client.get(reverse("drafts:list")).text
    assert held["p1"]["draft"].title in client.get(reverse("home")).text
    assert client.get(reverse("drafts:round_status", args=[comment_round.pk])).status_code == 302
    client.post(reverse("drafts:comment_add", args=[comment_round.pk]), {"text": "Nhất trí."})
    client.post(reverse("drafts:round_submit", args=[comment_round.pk]))
    comment = Comment.objects.get(round=comment_round)
    assert comment.unit == held["p1"]["round"].round_units.get(unit__code="xa_a").unit
    assert comment.submitted_at is not None and comment.author == user


def test_the_office_of_a_commune_answers_too_and_sees_its_own_comments_only(client, held, people):
    comment_round = held["p1"]["round"]
    draft_services.comment_save(comment_round=comment_round, user=people["staff_xa_b"], text="Ý kiến xã B")
    client.force_login(people["office_xa_a"])
    page = client.get(reverse("drafts:round_comments", args=[comment_round.pk])).text
    assert "Ý kiến xã B" not in page
    assert can(people["office_xa_a"], "round.comment", comment_round)


def test_a_sibling_never_sees_the_provinces_round_it_was_not_asked_in(client, held, people):
    client.force_login(people["staff_xa_c"])
    assert client.get(reverse("drafts:round_status", args=[held["p1"]["round"].pk])).status_code == 404


# --- the tree keeps each unit's committee --------------------------------------------------------


def test_a_unit_moved_to_another_committee_follows_it(tree):
    department = UnitFactory(code="ban-xa", name="Ban", kind=K.DEPARTMENT, parent=tree["btt_xa_a"])
    assert department.committee == tree["xa_a"]
    board = tree["btt_xa_a"]
    board.parent = tree["xa_b"]
    board.save()
    department.refresh_from_db()
    assert department.committee == tree["xa_b"] and department.level == "commune"


def test_a_unit_that_becomes_a_committee_takes_its_subtree_along(tree):
    group = UnitFactory(code="cum", name="Cụm", kind=K.DEPARTMENT, parent=tree["p1"])
    inner = UnitFactory(code="cum-ban", name="Ban của cụm", kind=K.DEPARTMENT, parent=group)
    assert inner.committee == tree["p1"]
    group.kind = K.DISTRICT_COMMITTEE
    group.save()
    inner.refresh_from_db()
    assert inner.committee == group and inner.level == "district"


def test_units_created_in_bulk_know_their_committee(tree):
    district = Unit(code="h", name="Huyện", kind=K.DISTRICT_COMMITTEE, parent=tree["p1"])
    (district,) = Unit.objects.bulk_create_tree([district])
    (board,) = Unit.objects.bulk_create_tree(
        [Unit(code="h-btt", name="BTT", kind=K.STANDING_BOARD, parent=district)]
    )
    assert district.committee_id == district.pk and board.committee_id == district.pk
    assert Unit.objects.get(code="h-btt").committee_id == district.pk


# --- the demo: a second province that sees nothing of the first -------------------------------


def test_the_demos_second_province_sees_nothing_of_the_first(client, demo):
    from reports.drafts.models import Draft

    client.force_login(User.objects.get(username="canbo2"))
    assert client.get(reverse("conferences:record", args=[demo.pk])).status_code == 404
    draft = Draft.objects.get(conference=demo)
    assert client.get(reverse("drafts:detail", args=[draft.pk])).status_code == 404
    assert demo.subject not in client.get(reverse("conferences:list")).text
    register = client.get(reverse("recommendations:register")).text
    assert not any(r.text[:40] in register for r in demo.recommendations.all())
    page = client.get(reverse("conferences:create")).text
    assert "tỉnh Bắc Sơn" in page
    first = Unit.objects.filter(code__in=["btt-tinh", "ub-mttq-tinh"])
    assert first.count() == 2 and not any(f'value="{u.pk}"' in page for u in first)


def test_the_demos_logins_keep_their_rights(client, demo):
    client.force_login(User.objects.get(username="canbo"))
    assert client.get(reverse("conferences:edit", args=[demo.pk])).status_code == 200
    client.force_login(User.objects.get(username="quantri"))
    assert client.get(reverse("admin:accounts_unit_changelist")).status_code == 200
    assert not User.objects.get(username="quantri").is_superuser
    client.force_login(User.objects.get(username="lanhdao"))
    assert can(User.objects.get(username="lanhdao"), "report.approve", demo)


def test_a_round_asking_a_committee_notifies_those_who_answer_for_it(tree, people):
    from reports.drafts.services import unit_email_addresses

    people["staff_xa_a"].email = "canbo@xa-a.example"
    people["staff_xa_a"].save()
    people["office_xa_a"].email = "vanphong@xa-a.example"
    people["office_xa_a"].save()
    people["staff_xa_b"].email = "canbo@xa-b.example"
    people["staff_xa_b"].save()
    assert unit_email_addresses(tree["xa_a"]) == ["canbo@xa-a.example", "vanphong@xa-a.example"]


def test_a_forged_unit_outside_the_area_is_refused_in_a_round(client, held, people, tree):
    client.force_login(people["staff_p1"])
    url = reverse("drafts:round_open", kwargs={"pk": held["p1"]["draft"].pk, "number": 1})
    deadline = timezone.localtime(timezone.now() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    before = RoundUnit.objects.count()
    response = client.post(url, {"units": [tree["xa_c"].pk], "deadline": deadline, "instructions": ""})
    assert "Đơn vị không tồn tại, không thuộc phạm vi của bạn" in response.text
    assert RoundUnit.objects.count() == before


# --- a commune's own briefing, from creation to approval, as its superior and siblings see it -----


def test_a_communes_briefing_from_creation_to_approval(client, tree, people, settings, tmp_path):
    from reports.final import rendering
    from reports.final import services as final_services
    from reports.final.models import RenderJob, ReportVersion

    settings.MEDIA_ROOT = tmp_path
    client.force_login(people["staff_xa_a"])
    assert client.post(reverse("conferences:create"), _conference_data(tree["btt_xa_a"])).status_code == 302
    conference = Conference.objects.get(subject="giao ban tháng 11 của xã")
    # What approval needs printed: number, place and signer (the report has its date).
    report = final_services.final_report_get_or_create(conference=conference)
    final_services.final_report_update(
        report=report, user=people["staff_xa_a"], number="5", place_name="Xã A", signer_name="Trần Văn Bình"
    )
    assert client.post(reverse("reports:final_report_render", args=[conference.pk])).status_code == 302
    version = rendering.render_job_run(job_id=RenderJob.objects.get(final_report__conference=conference).pk)
    assert version is not None
    # Only the commune's leader approves it.
    client.force_login(people["leader_p1"])
    assert client.post(reverse("reports:version_approve", args=[version.pk])).status_code == 403
    client.force_login(people["leader_xa_a"])
    assert conference.subject in client.get(reverse("reports:approvals")).text
    assert client.post(reverse("reports:version_approve", args=[version.pk])).status_code == 302
    assert ReportVersion.objects.get(pk=version.pk).approved_by == people["leader_xa_a"]
    # The province finds it read-only: the record, the approved PDF; no editing, no new PDF.
    for role in ["staff", "leader"]:
        client.force_login(people[f"{role}_p1"])
        assert conference.subject in client.get(reverse("conferences:list")).text.lower()
        assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == 200
        assert client.get(reverse("reports:version_download", args=[version.pk])).status_code == 200
        assert client.get(reverse("conferences:edit", args=[conference.pk])).status_code == 403
        assert client.post(reverse("reports:final_report_render", args=[conference.pk])).status_code == 403
    # The sibling commune and the other province never see it.
    for user in ["staff_xa_b", "leader_xa_b", "staff_p2", "staff_xa_c"]:
        client.force_login(people[user])
        assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == 404
        assert client.get(reverse("reports:version_download", args=[version.pk])).status_code == 404
