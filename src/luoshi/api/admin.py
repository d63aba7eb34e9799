"""API tokens in the admin: see and revoke them. New tokens are made with `create_api_token` or POST /api/me/tokens,
because the token is shown only once."""

from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at"]
    list_filter = ["expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = ["user", "prefix", "created_at", "last_used_at"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at", "expires_at"]

    def has_add_permission(self, request) -> bool:
        return False
