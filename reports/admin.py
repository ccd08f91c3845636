from django.contrib import admin

from frontwork.accounts.admin import CommitteeScopedAdmin
from frontwork.admin import TextHygieneAdmin
from reports.final.models import FinalReport, LayoutSettings, RenderJob, ReportVersion

# --- final report ---


@admin.register(LayoutSettings)
class LayoutSettingsAdmin(CommitteeScopedAdmin):
    """Letterhead and page layout per issuing unit (defaults: Decree 30/2020); a committee's
    administrator edits those of the units of its subtree."""

    subtree_lookup = "unit"
    list_display = ["unit", "issuing_body_line", "parent_body_line", "place_name", "font_size_pt"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(FinalReport)
class FinalReportAdmin(TextHygieneAdmin, admin.ModelAdmin):
    list_display = ["conference", "number", "code", "date", "revision", "updated_at"]
    list_select_related = ["conference"]
    raw_id_fields = ["conference"]
    readonly_fields = ["revision", "updated_at", "updated_by"]


@admin.register(RenderJob)
class RenderJobAdmin(TextHygieneAdmin, admin.ModelAdmin):
    list_display = ["pk", "final_report", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["final_report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportVersion)
class ReportVersionAdmin(TextHygieneAdmin, admin.ModelAdmin):
    """Versions are immutable: shown, never changed or deleted here."""

    list_display = ["final_report", "number", "sha256", "created_at", "approved_by", "approved_at"]
    list_select_related = ["final_report", "approved_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
