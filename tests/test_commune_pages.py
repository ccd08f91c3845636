"""The demo commune's pages as its users and its province's see them: whose conference each one
is, and the units offered named so that a commune's standing board and its province's are told
apart."""

from django.urls import reverse

from conferences.models import Conference
from frontwork.accounts.models import User


def test_the_home_page_names_whose_conference_a_recent_one_is(client, demo):
    """The province's staff see their commune's briefing among the recent conferences, named with
    its host; its carry-over is the commune's to follow up, not theirs."""
    commune_conference = Conference.objects.get(host_unit__code="btt-xa-hoa-an")
    carry_over = reverse("recommendations:carry_over", args=[commune_conference.pk])
    client.force_login(User.objects.get(username="canbo"))
    text = client.get(reverse("home")).text
    assert (
        'Công tác Mặt trận tháng 11 năm 2025</a> <span class="text-muted small">· Ban Thường trực (Mặt trận xã Hòa An)'
        in text
    )
    assert "Công tác Mặt trận năm 2016</a></li>" in text  # its own: no host named
    assert carry_over not in text
    assert reverse("recommendations:carry_over", args=[demo.pk]) in text
    client.force_login(User.objects.get(username="canboxa"))
    text = client.get(reverse("home")).text
    assert carry_over in text and "Công tác Mặt trận tháng 11 năm 2025</a></li>" in text


def test_the_register_filters_tell_the_two_standing_boards_apart(client, demo):
    client.force_login(User.objects.get(username="canboxa"))
    for url in [reverse("recommendations:register"), reverse("recommendations:directives")]:
        text = client.get(url).text
        assert ">Ban Thường trực (Mặt trận xã Hòa An)</option>" in text, url
        assert ">Ban Thường trực</option>" not in text, url
    assert ">Ban Thường trực (UB MTTQ tỉnh)</option>" in client.get(reverse("recommendations:register")).text
