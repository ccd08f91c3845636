from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from frontwork.admin import TextHygieneAdmin
from frontwork.text import search_key
from recommendations.models import (
    CompletionReport,
    Directive,
    Recommendation,
    RecommendationEvent,
)


class NormalisedSearchMixin:
    """The admin's search box compares like the registers: without diacritics or case."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_key(search_term))


class RecommendationEventInline(admin.TabularInline):
    model = RecommendationEvent
    extra = 0
    readonly_fields = ["at", "actor", "from_status", "to_status", "note"]
    can_delete = False


@admin.register(Recommendation)
class RecommendationAdmin(TextHygieneAdmin, NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "conference", "addressee", "department", "status", "due_date", "repeat_count"]
    list_filter = ["status", "conference__period_year"]
    search_fields = ["search_text"]
    raw_id_fields = ["conference", "previous"]
    list_select_related = ["conference", "addressee", "department"]
    readonly_fields = ["status", "repeat_count"]
    inlines = [RecommendationEventInline]


class CompletionReportInline(admin.TabularInline):
    model = CompletionReport
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(TextHygieneAdmin, NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "conference", "due_date", "status"]
    list_filter = ["status", "conference__period_year"]
    search_fields = ["search_text"]
    raw_id_fields = ["conference"]
    list_select_related = ["conference"]
    inlines = [CompletionReportInline]
