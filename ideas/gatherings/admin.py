"""Admin for city staff: events and their registrations (read-only counts; seats are changed
by the services only, which keep the counters and the waiting list right)."""

from django.contrib import admin

from ideas.gatherings.models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ("user", "status", "share_email", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "starts_at", "organiser", "capacity", "registered_count")
    list_filter = ("kind", "status", "place")
    search_fields = ("title",)
    list_select_related = ("organiser",)
    # Seats, status and times go through the services (locks, waiting list, mails, live events).
    readonly_fields = (
        "capacity",
        "starts_at",
        "ends_at",
        "registered_count",
        "waiting_count",
        "status",
        "cancelled_at",
    )
    autocomplete_fields = ("challenges", "ideas")
    filter_horizontal = ("topics",)
    inlines = [RegistrationInline]

    def has_add_permission(self, request) -> bool:
        return False  # announced through the API or the site, so the live events go out
