"""What each role may do: the one table of permissions.

Every check of a role lives here, as a named rule built from predicates (django-rules). Views and
access helpers call `can(user, name, obj)`, services call `require(user, name, obj)`, templates
use `{% can "name" obj as var %}` (frontwork/accounts/templatetags/permissions.py), and the
permission-matrix test reads `RULES`. Which objects a user *sees* is decided by the access helpers
(`*/access.py`, built on frontwork.accounts.access.visible); the rules decide what the user may
*do* with what they see.

Roles are relative to the Front committee of the user's unit (User.committee), at any level:
its staff enter and follow up the records of the conferences that committee hosts; its leaders
approve its reports; its administrators do what its staff do and manage the units and users of
its subtree. Office users act for their own unit only: they comment on the drafts their unit is
asked about and report on the directives their unit owns; a committee's staff, leaders and
administrators may do the same for their committee when a higher committee asks it. A superuser
without a unit is an administrator of the whole tree.

A rule asked without an object ("may this user create conferences at all?") answers for the
role; with an object, the object must also belong to the user's committee.
"""

import rules
from django.core.exceptions import PermissionDenied

from frontwork.accounts.models import User


def role_of(user):
    """The user's role (superusers count as administrators), or None for anonymous visitors."""
    if not user.is_authenticated:
        return None
    return User.Role.ADMIN if user.is_superuser else User.Role(user.role)


def _has_role(*roles):
    @rules.predicate(name=f"has_role({', '.join(roles)})")
    def predicate(user):
        return user.is_authenticated and user.is_active and role_of(user) in roles

    return predicate


is_staff = _has_role(User.Role.STAFF)
is_office = _has_role(User.Role.OFFICE)
is_leader = _has_role(User.Role.LEADER)
is_admin = _has_role(User.Role.ADMIN)
# The roles that act for the user's whole committee (and see what the committees below it hold).
COMMITTEE_ROLES = (User.Role.STAFF, User.Role.LEADER, User.Role.ADMIN)
is_committee_role = _has_role(*COMMITTEE_ROLES)


def is_whole_tree(user):
    """A superuser without a unit: the administrator of the whole tree."""
    return user.is_superuser and getattr(user, "unit_id", None) is None


def committee_id_of(user):
    unit = getattr(user, "unit", None) if getattr(user, "unit_id", None) else None
    return unit.committee_id if unit is not None else None


def acting_unit_ids(user):
    """The units the user acts for when a higher committee asks or directs: its own unit and,
    for the committee roles, its committee."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        return set()
    ids = {unit_id}
    if is_committee_role.test(user) and committee_id_of(user):
        ids.add(committee_id_of(user))
    return ids


def host_of(obj):
    """The unit that holds `obj`: a conference's host, or the host of the conference that a
    draft, round, version, final report, recommendation or directive belongs to."""
    while not hasattr(obj, "host_unit"):
        obj = obj.conference
    return obj.host_unit


@rules.predicate
def of_host_committee(user, obj):
    """The object is held by the user's committee (any object, when asked without one)."""
    if obj is None or is_whole_tree(user):
        return True
    committee_id = committee_id_of(user)
    return committee_id is not None and host_of(obj).committee_id == committee_id


@rules.predicate
def has_unit(user):
    return getattr(user, "unit_id", None) is not None


@rules.predicate
def asked_in_round(user, comment_round):
    """One of the units the user acts for is asked in the round (asked without a round: the
    user has a unit to answer for)."""
    acting = acting_unit_ids(user)
    if comment_round is None:
        return bool(acting)
    return any(unit.unit_id in acting for unit in comment_round.round_units.all())


@rules.predicate
def owns_directive(user, directive):
    """One of the units the user acts for is among the directive's owner units."""
    acting = acting_unit_ids(user)
    if directive is None:
        return bool(acting)
    return any(unit.pk in acting for unit in directive.owners.all())


# Who enters and changes records.
is_editor = is_staff | is_admin
active = rules.predicate(lambda user: user.is_authenticated and user.is_active, name="active")

RULES = {
    # Conference records (conferences/)
    "conference.add": is_editor,
    "conference.change": is_editor & of_host_committee,
    # Drafts and comment rounds (reports/drafts)
    "draft.manage": is_editor & of_host_committee,  # create, publish versions, open rounds, remind, triage
    "round.follow": is_committee_role & of_host_committee,  # the round's status page and submitted comments
    "round.comment": active & asked_in_round,  # comment and submit for one's unit or committee, when asked
    # The final report (reports/)
    "report.change": is_editor & of_host_committee,
    "report.render": is_committee_role & of_host_committee,  # ask for PDFs and Word files, every version
    "report.approve": is_leader & of_host_committee,
    # Recommendations and directives (recommendations/)
    "recommendation.follow_up": (is_editor | is_leader) & of_host_committee,  # any of the steps below
    "recommendation.forward": is_editor & of_host_committee,
    "recommendation.answer": is_editor & of_host_committee,
    "recommendation.resolve": (is_editor | is_leader) & of_host_committee,
    "recommendation.reject": (is_leader | is_admin) & of_host_committee,
    "recommendation.manage": is_editor
    & of_host_committee,  # follow-up department, due date, earlier occurrence
    "directive.report": active & owns_directive,
    "directive.manage": is_editor & of_host_committee,  # due date
    "dashboard.view": is_committee_role,
    # Administration (/quan-tri/): the units and users of the administrator's subtree.
    "tree.manage": is_admin,
}

for _name, _predicate in RULES.items():
    rules.add_rule(_name, _predicate)


def can(user, name, obj=None):
    """Whether `user` may do `name` (a key of RULES) with `obj`."""
    if name not in RULES:
        raise KeyError(f"no permission rule named {name!r}")
    return RULES[name].test(user, obj) if obj is not None else RULES[name].test(user)


def require(user, name, obj=None, message=None):
    """PermissionDenied (403) unless `user` may do `name` with `obj`."""
    if not can(user, name, obj):
        raise PermissionDenied(message)
