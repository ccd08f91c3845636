from django.contrib import admin

from frontwork.admin import TextHygieneAdmin
from reports.signing.models import IssuedFile, SigningIdentity, SigningJob


@admin.register(SigningIdentity)
class SigningIdentityAdmin(TextHygieneAdmin, admin.ModelAdmin):
    """The certificates each issuing unit signs with: paths on the server and the NAMES of the
    variables holding the passphrases (never the passphrases)."""

    list_display = ["unit", "organisation_name", "signer_pkcs12", "organisation_pkcs12", "tsa_url", "is_demo"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(SigningJob)
class SigningJobAdmin(TextHygieneAdmin, admin.ModelAdmin):
    list_display = ["pk", "version", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["version__final_report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IssuedFile)
class IssuedFileAdmin(TextHygieneAdmin, admin.ModelAdmin):
    """Issued files are immutable: shown, never changed or deleted here."""

    list_display = ["version", "kind", "sha256", "signed_at", "created_at"]
    list_select_related = ["version__final_report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
