"""Staff can look at follows, notifications and sent digests (read-only: they are derived)."""

from django.contrib import admin

from notifications.models import DigestSent, Follow, Notification


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Follow)
class FollowAdmin(ReadOnly):
    list_display = ["person", "kind", "target_id", "active", "created_at"]
    list_filter = ["kind", "active"]
    raw_id_fields = ["person"]


@admin.register(Notification)
class NotificationAdmin(ReadOnly):
    list_display = ["recipient", "kind", "subject_kind", "subject_id", "created_at", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient"]


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnly):
    list_display = ["person", "period", "window", "notification_count", "sent_at"]
    list_filter = ["period"]
    raw_id_fields = ["person"]
