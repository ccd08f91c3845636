from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from frontwork.accounts.models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "active_from", "active_to", "code"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "division_code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Đơn vị và vai trò"), {"fields": ("unit", "role", "title")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Đơn vị và vai trò"), {"fields": ("unit", "role", "title")}),
    )
