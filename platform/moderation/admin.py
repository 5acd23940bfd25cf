"""Staff see the audit log (read only: no change, no delete) and appoint moderators."""

from django.contrib import admin

from moderation.models import AuditEntry, Moderator


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "item", "reason")
    list_filter = ("action",)
    search_fields = ("item", "reason")
    readonly_fields = ("at", "actor", "action", "item", "reason", "detail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    """Listing only: appointments go through the service (API or the staff page), so that
    each is in the audit log."""

    list_display = ("user", "challenge_id", "appointed_by", "created_at")
    readonly_fields = ("user", "challenge_id", "appointed_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
