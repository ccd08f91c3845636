"""The permission table (frontwork/accounts/permissions.py) as documented: for every rule, the
roles it lets act (asked without an object: what the role may do somewhere; which objects, that
is which committee's, is tested in tests/test_levels.py). A change to the table must change this
test too."""

import pytest
from django.contrib.auth.models import AnonymousUser

from frontwork.accounts.models import User
from frontwork.accounts.permissions import RULES, can, role_of

STAFF, OFFICE, LEADER, ADMIN = User.Role.STAFF, User.Role.OFFICE, User.Role.LEADER, User.Role.ADMIN
EDITORS = {STAFF, ADMIN}
PROVINCE = {STAFF, LEADER, ADMIN}

# rule → the roles it allows, for a user who belongs to a unit
DOCUMENTED = {
    "conference.add": EDITORS,
    "conference.change": EDITORS,
    "draft.manage": EDITORS,
    "round.follow": PROVINCE,
    "report.change": EDITORS,
    "report.render": PROVINCE,
    "report.approve": {LEADER},
    "recommendation.follow_up": {STAFF, LEADER, ADMIN},
    "recommendation.forward": EDITORS,
    "recommendation.answer": EDITORS,
    "recommendation.resolve": {STAFF, LEADER, ADMIN},
    "recommendation.reject": {LEADER, ADMIN},
    "recommendation.manage": EDITORS,
    "directive.manage": EDITORS,
    "dashboard.view": PROVINCE,
    "tree.manage": {ADMIN},
}
# Decided by the object, not the role (any role of a unit asked or directed): tested below.
OBJECT_RULES = {"directive.report", "round.comment"}


def test_every_rule_is_documented_here():
    assert set(RULES) == set(DOCUMENTED) | OBJECT_RULES


@pytest.mark.parametrize("rule", sorted(DOCUMENTED))
def test_each_rule_allows_exactly_its_roles(rule):
    allowed = {role for role in User.Role if can(User(role=role, unit_id=1), rule)}
    assert allowed == DOCUMENTED[rule]


@pytest.mark.parametrize("rule", sorted(DOCUMENTED))
def test_anonymous_and_inactive_users_may_do_nothing(rule):
    assert not can(AnonymousUser(), rule)
    assert not can(User(role=ADMIN, unit_id=1, is_active=False), rule)


def test_a_superuser_counts_as_an_administrator():
    superuser = User(role=OFFICE, unit_id=1, is_superuser=True)
    assert role_of(superuser) == ADMIN
    assert can(superuser, "conference.change") and not can(superuser, "report.approve")


def test_an_unknown_rule_is_an_error_not_a_refusal():
    with pytest.raises(KeyError):
        can(User(role=STAFF), "conference.chnage")


def test_a_directive_is_reported_on_by_its_owner_units_only(province, users):
    from recommendations.models import Directive
    from tests.factories import ConferenceFactory

    directive = Directive.objects.create(conference=ConferenceFactory(host_unit=province["board"]), text="…")
    directive.owners.set([province["district_a"]])
    assert can(users["office"], "directive.report", directive)
    assert not can(users["other_office"], "directive.report", directive)
    assert not can(users["staff"], "directive.report", directive)
