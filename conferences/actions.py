"""What the conference page offers from the apps above conferences (the final report, what is left
over from earlier conferences, …). Those apps register their actions from their AppConfig.ready(),
so this app never imports them or links to them, as with the record sections (editing.py)."""

from dataclasses import dataclass

from frontwork.accounts.permissions import can
from frontwork.links import link


@dataclass(frozen=True)
class Action:
    label: str
    url_name: str  # reversed with the conference's pk
    order: int  # place among the page's actions
    rule: str | None = None  # the permission on the conference it needs; None: all who see the conference
    post: bool = False  # a button that posts a form (a change), rather than a link
    style: str = "outline-secondary"  # the Bootstrap button variant


_actions = {}


def register(action):
    _actions[action.url_name] = action
    return action


def actions_for(user, conference):
    """(action, url) of each registered action `user` may take on `conference`, in order."""
    return [
        (action, link(action.url_name, conference.pk))
        for action in sorted(_actions.values(), key=lambda action: action.order)
        if action.rule is None or can(user, action.rule, conference)
    ]
