"""Who may see and follow up recommendations and directives. Views call `get_recommendation_for`
or `get_directive_for` first, always.

- Provincial staff, leadership and administrators see everything raised at the conferences of their
  province.
- A subordinate office sees the recommendations its unit raised or that are addressed to it or
  followed by it, and the directives its unit owns.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from frontwork.accounts.access import province_of
from recommendations.models import Directive, Recommendation


def role_of(user):
    """The role that decides which follow-up steps a user may take."""
    return "admin" if user.is_administrator else user.role


def recommendations_visible_to(user):
    qs = Recommendation.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.unit_id is None:
        return qs if user.is_superuser else qs.none()
    if user.sees_whole_province:
        return qs.filter(conference__host_unit__path__startswith=province_of(user.unit).path)
    raised = Recommendation.raised_by.through.objects.filter(recommendation=OuterRef("pk"), unit=user.unit_id)
    return qs.filter(Exists(raised) | Q(department=user.unit_id) | Q(addressee=user.unit_id))


def get_recommendation_for(user, pk, *, write=False, queryset=None):
    """The recommendation if `user` may see it (404 otherwise); with write=True, 403 unless the
    user's role owns some follow-up step (staff, leadership, administrators)."""
    visible = recommendations_visible_to(user)
    recommendation = get_object_or_404(visible if queryset is None else queryset & visible, pk=pk)
    if write and not (user.can_edit_records or user.is_leader):
        raise PermissionDenied
    return recommendation


def directives_visible_to(user):
    qs = Directive.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.unit_id is None:
        return qs if user.is_superuser else qs.none()
    if user.sees_whole_province:
        return qs.filter(conference__host_unit__path__startswith=province_of(user.unit).path)
    return qs.owned_by(user.unit_id)


def get_directive_for(user, pk, *, report=False, write=False, queryset=None):
    """The directive if `user` may see it (404 otherwise). report=True: 403 unless the user belongs
    to one of its owner units; write=True: 403 unless the user may edit records."""
    visible = directives_visible_to(user)
    directive = get_object_or_404(visible if queryset is None else queryset & visible, pk=pk)
    if report and not (user.unit_id and directive.owners.filter(pk=user.unit_id).exists()):
        raise PermissionDenied
    if write and not user.can_edit_records:
        raise PermissionDenied
    return directive
