"""Django admin for staff: look up ideas, comments, responses and offers; moderate via services.

Counters, rendered HTML and the funnel are read-only here: they change only through the
services, which keep tallies consistent and publish live events.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from core.errors import StateConflict
from ideas import services
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange


class StatusChangeInline(admin.TabularInline):
    model = IdeaStatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "changed_by", "response"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "challenge",
        "author",
        "sector",
        "status",
        "score",
        "comment_count",
        "created_at",
        "withdrawn_at",
    ]
    list_filter = [
        "status",
        "sector",
        "seeking_cocreators",
        ("withdrawn_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "summary", "author__display_name", "author__email"]
    list_select_related = ["challenge", "author"]
    date_hierarchy = "created_at"
    raw_id_fields = ["challenge", "author", "organisation"]
    readonly_fields = [
        "title",
        "summary",
        "description",
        "challenge",
        "author",
        "sector",
        "organisation",
        "topics",
        "seeking_cocreators",
        "status",
        "up_count",
        "down_count",
        "score",
        "hot",
        "comment_count",
        "created_at",
        "updated_at",
        "edited_at",
        "withdrawn_at",
    ]
    inlines = [StatusChangeInline]
    actions = ["withdraw_ideas"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting would drop votes and comments silently; withdrawing is the moderation.
        return False

    @admin.action(description=_("Withdraw selected ideas (moderation)"))
    def withdraw_ideas(self, request, queryset) -> None:
        for idea in queryset:
            try:
                services.idea_withdraw(actor=request.user, idea=idea)
            except (PermissionDenied, StateConflict) as exc:
                self.message_user(request, f"{idea}: {exc}", messages.ERROR)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "deleted_at"]
    list_filter = [("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["body", "author__display_name", "author__email"]
    list_select_related = ["author"]
    raw_id_fields = ["idea", "parent", "author"]
    readonly_fields = [
        "idea",
        "parent",
        "author",
        "body",
        "created_at",
        "edited_at",
        "deleted_at",
    ]
    actions = ["delete_comments"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Delete selected comments (moderation)"))
    def delete_comments(self, request, queryset) -> None:
        for comment in queryset:
            try:
                services.comment_delete(actor=request.user, comment=comment)
            except (PermissionDenied, StateConflict) as exc:
                self.message_user(request, f"{comment}: {exc}", messages.ERROR)


@admin.register(CocreatorOffer)
class CocreatorOfferAdmin(admin.ModelAdmin):
    list_display = ["idea", "user", "created_at"]
    search_fields = ["message", "user__display_name", "idea__title"]
    list_select_related = ["idea", "user"]
    raw_id_fields = ["idea", "user"]
    readonly_fields = ["idea", "user", "message", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
