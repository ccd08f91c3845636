"""The tree and the users in /quan-tri/.

A superuser (created on the command line) manages the whole tree. A user with the administrator
role ("tree.manage") manages the units and users of its committee's subtree only: it sees nothing
else, every other unit or user is 404, it cannot place a unit outside its subtree or move its own
committee, and it cannot make anyone a superuser. The letterhead settings of its units are
scoped the same way (reports/admin.py). The other models' admin pages are for superusers only
(an administrator of a committee has no Django permissions on them: 403).
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from frontwork.accounts.models import Unit, User
from frontwork.accounts.permissions import can
from frontwork.admin import TextHygieneAdmin


def _scoped(request):
    """The committee whose subtree the request's user manages, or None for the whole tree."""
    return None if request.user.is_superuser else request.user.committee


class CommitteeScopedAdmin(TextHygieneAdmin, admin.ModelAdmin):
    """What a committee's administrator may see and change: rows within its subtree
    (`subtree_lookup` leads from a row to its unit)."""

    subtree_lookup = ""

    def _manages(self, request):
        user = request.user
        return user.is_superuser or (
            user.is_active and user.is_staff and can(user, "tree.manage") and user.committee is not None
        )

    def has_module_permission(self, request):
        return self._manages(request)

    def has_view_permission(self, request, obj=None):
        return self._manages(request) and self._in_subtree(request, obj)

    def has_add_permission(self, request):
        return self._manages(request)

    def has_change_permission(self, request, obj=None):
        return self._manages(request) and self._in_subtree(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._manages(request) and self._in_subtree(request, obj)

    def _in_subtree(self, request, obj):
        committee = _scoped(request)
        if obj is None or committee is None:
            return True
        unit = obj
        for part in self.subtree_lookup.split("__") if self.subtree_lookup else []:
            unit = getattr(unit, part)
        return unit is not None and unit.path.startswith(committee.path)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        committee = _scoped(request)
        if committee is None:
            return queryset
        prefix = f"{self.subtree_lookup}__" if self.subtree_lookup else ""
        return queryset.filter(**{f"{prefix}path__startswith": committee.path})

    def get_object(self, request, object_id, from_field=None):
        """Another committee's unit or user is not found (404), not a redirect that would tell
        it exists."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Không tìm thấy đối tượng này trong phạm vi quản lý của bạn."))
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        committee = _scoped(request)
        if db_field.remote_field.model is Unit and committee is not None:
            kwargs["queryset"] = Unit.objects.within(committee)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.remote_field.model is Unit and committee is not None:
            field.required = True  # a committee's administrator keeps everything inside its subtree
            field.error_messages["invalid_choice"] = _(
                "Đơn vị không tồn tại hoặc không thuộc phạm vi quản lý của bạn."
            )
        return field


@admin.register(Unit)
class UnitAdmin(CommitteeScopedAdmin):
    list_display = ["name", "kind", "parent", "active_from", "active_to", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "division_code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]

    def get_readonly_fields(self, request, obj=None):
        """A committee's administrator does not move its own committee or change its kind."""
        committee = _scoped(request)
        if committee is not None and obj is not None and obj.pk == committee.pk:
            return ["parent", "kind"]
        return super().get_readonly_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        committee = _scoped(request)
        if committee is not None and obj is not None and obj.pk == committee.pk:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(User)
class UserAdmin(CommitteeScopedAdmin, BaseUserAdmin):
    subtree_lookup = "unit"
    list_display = ["username", "get_full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Đơn vị và vai trò"), {"fields": ("unit", "role", "title")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Đơn vị và vai trò"), {"fields": ("unit", "role", "title")}),
    )
    # What a committee's administrator may set: no superuser, no Django permissions.
    SCOPED_PERMISSIONS = (_("Quyền"), {"fields": ("is_active", "is_staff")})

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if _scoped(request) is None or obj is None:
            return fieldsets
        return [
            self.SCOPED_PERMISSIONS if "is_superuser" in opts["fields"] else (name, opts)
            for name, opts in fieldsets
        ]

    def save_model(self, request, obj, form, change):
        if _scoped(request) is not None:
            obj.is_superuser = False  # whatever was posted: only the command line makes superusers
        super().save_model(request, obj, form, change)
