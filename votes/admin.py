"""Django admin for votes: look-up only, since a vote row changed here would leave the idea's
stored tallies behind (votes change only through votes.services)."""

from __future__ import annotations

from django.contrib import admin

from votes.models import Vote


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["idea", "user", "value", "created_at", "updated_at"]
    list_filter = ["value"]
    search_fields = ["idea__title", "user__display_name", "user__email"]
    list_select_related = ["idea", "user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
