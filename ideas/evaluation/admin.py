"""Django admin for staff: look up evaluations and assignments. Read-only: every change goes
through the services (the site's workbench pages and the API), which check the rules."""

from __future__ import annotations

from django.contrib import admin

from ideas.evaluation.models import Criterion, Evaluation, IdeaAssignment, Juror


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["name", "weight", "position"]


class JurorInline(ReadOnlyInline):
    model = Juror
    fields = ["user", "invited_by", "created_at"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["challenge", "closed_at", "published_at"]
    list_select_related = ["challenge"]
    inlines = [CriterionInline, JurorInline]
    readonly_fields = [
        "challenge",
        "closed_at",
        "statement",
        "published_at",
        "published_by",
        "created_at",
    ]
    exclude = ["statement_html"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(IdeaAssignment)
class IdeaAssignmentAdmin(admin.ModelAdmin):
    list_display = ["idea", "assignee", "department", "assigned_at"]
    list_select_related = ["idea", "assignee", "department"]
    readonly_fields = ["idea", "assignee", "department", "assigned_by", "assigned_at"]

    def has_add_permission(self, request) -> bool:
        return False
