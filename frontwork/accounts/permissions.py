"""What each role may do: the one table of permissions.

Every check of a role lives here, as a named rule built from predicates (django-rules). Views and
access helpers call `can(user, name, obj)`, services call `require(user, name, obj)`, templates
use `{% can "name" obj as var %}` (frontwork/accounts/templatetags/permissions.py), and the
permission-matrix test reads `RULES`. Which objects a user *sees* is decided by the access helpers
(`*/access.py`) with `sees_province` below; the rules decide what the user may *do* with what they
see.

Roles (User.Role): provincial staff enter and follow up the province's records; subordinate
offices comment on drafts they are asked about and report on directives they own; leadership
approves reports and closes recommendations; administrators do what staff do and manage the tree
and the users (a superuser counts as an administrator).
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


@rules.predicate
def has_unit(user):
    return getattr(user, "unit_id", None) is not None


@rules.predicate
def owns_directive(user, directive):
    """The user's unit is one of the directive's owner units."""
    unit_id = getattr(user, "unit_id", None)
    return unit_id is not None and any(unit.pk == unit_id for unit in directive.owners.all())


# Who enters and changes records, and who sees the whole province's records.
is_editor = is_staff | is_admin
sees_province = is_staff | is_leader | is_admin

RULES = {
    # Conference records (conferences/)
    "conference.add": is_editor,
    "conference.change": is_editor,
    # Drafts and comment rounds (reports/drafts)
    "draft.manage": is_editor,  # create, publish versions, open rounds, remind, triage
    "round.follow": sees_province,  # the round's status page and every submitted comment
    "round.comment": is_office & has_unit,  # comment and submit for one's unit, when asked
    # The final report (reports/)
    "report.change": is_editor,
    "report.render": sees_province,  # ask for PDFs and Word files, see every version
    "report.approve": is_leader,
    # Recommendations and directives (recommendations/)
    "recommendation.follow_up": is_editor | is_leader,  # any of the steps below
    "recommendation.forward": is_editor,
    "recommendation.answer": is_editor,
    "recommendation.resolve": is_editor | is_leader,
    "recommendation.reject": is_leader | is_admin,
    "recommendation.manage": is_editor,  # follow-up department, due date, earlier occurrence
    "directive.report": owns_directive,
    "directive.manage": is_editor,  # due date
    "dashboard.view": sees_province,
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
