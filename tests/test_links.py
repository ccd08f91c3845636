"""`{% link %}` gives the same URLs as `{% url %}` (reverse()), for the arguments it takes the
short way and for those it hands to reverse()."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from frontwork.links import link

CASES = [
    ("conferences:list", ()),
    ("conferences:record", (120,)),
    ("conferences:record", (0,)),
    ("conferences:edit", (7,)),
    ("conferences:item_edit", (3, "agenda", 45)),
    ("conferences:item_move", (3, "difficulties", 9)),
    ("conferences:item_add", (12, "proposed-tasks", 1)),
    ("conferences:item_edit", (3, 4, 45)),  # a number in a slug's place
    ("recommendations:register_export", ("csv",)),  # a re_path that refuses the markers
]


@pytest.mark.parametrize(("name", "args"), CASES)
def test_link_is_reverse(name, args):
    assert link(name, *args) == reverse(name, args=args)
    assert link(name, *args) == reverse(name, args=args)  # the second time from the cut URL


def test_link_follows_the_script_prefix():
    try:
        set_script_prefix("/giaoban/")
        assert (
            link("conferences:record", 5)
            == "/giaoban/hoi-nghi/5/bao-cao/"
            == reverse("conferences:record", args=[5])
        )
    finally:
        set_script_prefix("/")
    assert link("conferences:record", 5) == "/hoi-nghi/5/bao-cao/"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("conferences:record", ("abc",)),
        ("conferences:record", (-1,)),
        ("conferences:record", (True,)),
        ("conferences:record", (None,)),
        ("conferences:item_edit", (3, "chương trình", 45)),  # not an ASCII slug: reverse() decides
    ],
)
def test_arguments_a_route_refuses_fail_as_with_reverse(name, args):
    with pytest.raises(NoReverseMatch):
        reverse(name, args=args)
    with pytest.raises(NoReverseMatch):
        link(name, *args)


def test_the_tag_writes_what_the_url_tag_writes():
    context = Context({"pk": 8, "key": "agenda", "item": 3})
    ours = Template(
        "{% load links %}{% link 'conferences:item_edit' pk key item %}|"
        "{% link 'conferences:item_move' pk key item as move %}{{ move }}"
    )
    django = Template(
        "{% url 'conferences:item_edit' pk key item %}|"
        "{% url 'conferences:item_move' pk key item as move %}{{ move }}"
    )
    assert ours.render(context) == django.render(context)
