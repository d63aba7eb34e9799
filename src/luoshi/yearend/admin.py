"""Year-end reviews in the admin: to look at, not to edit (imports and verdicts go through the pages, which
write the audit log)."""

from django.contrib import admin

from .models import TargetCheck, YearEndReview


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TargetCheckInline(admin.TabularInline):
    model = TargetCheck
    fields = ["order", "kind", "indicator", "target_quote", "result_quote", "verdict", "override", "override_note",
              "overridden_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(YearEndReview)
class YearEndReviewAdmin(ReadOnly):
    list_display = ["plan", "year", "source_name", "imported_by", "imported_at"]
    list_filter = ["year"]
    search_fields = ["source_name", "title", "plan__title"]
    exclude = ["text"]
    inlines = [TargetCheckInline]


@admin.register(TargetCheck)
class TargetCheckAdmin(ReadOnly):
    list_display = ["review", "order", "kind", "indicator", "verdict", "override", "overridden_by"]
    list_filter = ["kind", "verdict", "override"]
    search_fields = ["indicator", "target_quote", "result_quote", "task_title"]
    list_select_related = ["review", "overridden_by"]
