"""Who may enter and change conference records: staff and administrators; offices and leadership
read only; an office never learns that a conference it cannot see exists (404)."""

import datetime

import pytest
from django.urls import reverse

from conferences import services
from conferences.editing import get_section
from conferences.models import Conference, Difficulty
from tests.factories import ConferenceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def setting(province):
    """A provincial conference the district A office attended, one hosted by district B, and one
    difficulty in each."""
    visible = ConferenceFactory(host_unit=province["board"], date=datetime.date(2016, 12, 27))
    visible.attendance.create(kind="district_committees", description="Mặt trận các huyện").units.set(
        [province["district_a"]]
    )
    hidden = ConferenceFactory(host_unit=province["district_b"], date=datetime.date(2016, 12, 20))
    section = get_section("difficulties")
    items = {
        c.pk: services.item_create(section=section, parent=c, data={"text": f"Khó khăn {c.pk}"})
        for c in (visible, hidden)
    }
    return {"visible": visible, "hidden": hidden, "items": items}


def pages(conference, item):
    """(method, url, data) of every page that changes or shows the editing of a record."""
    c, key = conference.pk, "difficulties"
    return [
        ("get", reverse("conferences:update", args=[c]), None),
        ("post", reverse("conferences:update", args=[c]), {"subject": "x"}),
        ("get", reverse("conferences:edit", args=[c]), None),
        ("get", reverse("conferences:history", args=[c]), None),
        ("get", reverse("conferences:item_add", args=[c, key, c]), None),
        ("post", reverse("conferences:item_add", args=[c, key, c]), {f"{key}-new-{c}-text": "Mới"}),
        ("get", reverse("conferences:item_detail", args=[c, key, item.pk]), None),
        ("get", reverse("conferences:item_edit", args=[c, key, item.pk]), None),
        (
            "post",
            reverse("conferences:item_edit", args=[c, key, item.pk]),
            {f"{key}-{item.pk}-text": "Sửa", f"{key}-{item.pk}-version": "1"},
        ),
        ("post", reverse("conferences:item_move", args=[c, key, item.pk]), {"direction": "up"}),
        # version 2: the edit above, when allowed, made version 2
        ("post", reverse("conferences:item_delete", args=[c, key, item.pk]), {"version": "2"}),
    ]


def request(client, method, url, data):
    return getattr(client, method)(url, data or {}, **HTMX)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_administrators_edit(client, users, setting, role):
    client.force_login(users[role])
    conference = setting["visible"]
    for method, url, data in pages(conference, setting["items"][conference.pk]):
        response = request(client, method, url, data)
        assert response.status_code in (200, 302), (method, url, response.status_code)
    assert client.get(reverse("conferences:create")).status_code == 200
    # Deleted by the last request.
    assert not Difficulty.objects.filter(conference=conference).exclude(text="Mới").exists()


@pytest.mark.parametrize("role", ["office", "leader"])
def test_offices_and_leadership_are_refused_every_change(client, users, setting, role):
    client.force_login(users[role])
    conference = setting["visible"]
    assert client.get(reverse("conferences:record", args=[conference.pk])).status_code == 200
    for method, url, data in pages(conference, setting["items"][conference.pk]):
        assert request(client, method, url, data).status_code == 403, (method, url)
    assert client.get(reverse("conferences:create")).status_code == 403
    assert client.post(reverse("conferences:create"), {"subject": "x"}).status_code == 403
    assert Difficulty.objects.get(pk=setting["items"][conference.pk].pk).text.startswith("Khó khăn")
    assert Conference.objects.count() == 2


def test_an_office_gets_404_on_conferences_it_cannot_see(client, users, setting):
    client.force_login(users["office"])
    hidden = setting["hidden"]
    assert client.get(reverse("conferences:record", args=[hidden.pk])).status_code == 404
    for method, url, data in pages(hidden, setting["items"][hidden.pk]):
        assert request(client, method, url, data).status_code == 404, (method, url)


def test_an_item_is_reached_only_through_its_own_conference(client, users, setting):
    client.force_login(users["staff"])
    visible, hidden = setting["visible"], setting["hidden"]
    item_of_hidden = setting["items"][hidden.pk]
    url = reverse("conferences:item_edit", args=[visible.pk, "difficulties", item_of_hidden.pk])
    assert client.get(url, **HTMX).status_code == 404


def test_anonymous_visitors_are_sent_to_login(client, setting):
    conference = setting["visible"]
    for method, url, data in [
        *pages(conference, setting["items"][conference.pk]),
        ("get", reverse("conferences:list"), None),
        ("get", reverse("conferences:create"), None),
    ]:
        response = request(client, method, url, data)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert Difficulty.objects.count() == 2


def test_state_changes_only_on_post(client, users, setting):
    client.force_login(users["staff"])
    conference = setting["visible"]
    item = setting["items"][conference.pk]
    for name in ("item_delete", "item_move"):
        url = reverse(f"conferences:{name}", args=[conference.pk, "difficulties", item.pk])
        assert client.get(url).status_code == 405
    assert Difficulty.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("role", "sees_edit"), [("staff", True), ("admin", True), ("leader", False), ("office", False)]
)
def test_edit_entry_points_only_for_editors(client, users, setting, role, sees_edit):
    client.force_login(users[role])
    conference = setting["visible"]
    record = client.get(reverse("conferences:record", args=[conference.pk])).text
    listing = client.get(reverse("conferences:list")).text
    edit_url = reverse("conferences:edit", args=[conference.pk])
    assert (edit_url in record) is sees_edit
    assert (edit_url in listing) is sees_edit
    assert (reverse("conferences:create") in listing) is sees_edit
    assert (reverse("conferences:history", args=[conference.pk]) in record) is sees_edit
