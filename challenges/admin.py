"""Django admin for challenges. Saves go through the challenge services, so a phase change
obeys the transition rules, the description is rendered, and the live pages hear about it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from challenges import services
from challenges.models import Challenge
from core.errors import StateConflict

NEW_CHALLENGE_STATUSES = (Challenge.Status.DRAFT, Challenge.Status.OPEN)


class ChallengeAdminForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = (
            "title",
            "summary",
            "description",
            "topics",
            "organisation",
            "status",
            "opens_at",
            "closes_at",
            "voting_open",
            "first_contribution_reviewed",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the phases the challenge may move to from where it is now.
        if self.instance.pk:
            allowed = {self.instance.status} | Challenge.TRANSITIONS[self.instance.status]
        else:
            allowed = set(NEW_CHALLENGE_STATUSES)
        self.fields["status"].choices = [
            (value, label) for value, label in Challenge.Status.choices if value in allowed
        ]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    form = ChallengeAdminForm
    list_display = (
        "title",
        "status",
        "organisation",
        "opens_at",
        "closes_at",
        "voting_open",
        "idea_count",
        "created_at",
    )
    list_filter = ("status", "voting_open", "topics", "organisation")
    search_fields = ("title", "summary")
    list_select_related = ("organisation",)
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("topics",)
    date_hierarchy = "created_at"
    readonly_fields = ("idea_count", "created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "summary", "description", "topics", "organisation")}),
        (
            _("Phase"),
            {
                "fields": (
                    "status",
                    "opens_at",
                    "closes_at",
                    "voting_open",
                    "first_contribution_reviewed",
                )
            },
        ),
        (_("Record"), {"fields": ("idea_count", "created_by", "created_at", "updated_at")}),
    )

    # Running challenges is what the city-staff role means, so it is the permission here; the
    # per-model admin permissions would be a second, drifting grant of the same right.
    def _is_city_staff(self, request) -> bool:
        return request.user.is_active and request.user.is_staff and request.user.is_city_staff

    def has_module_permission(self, request) -> bool:
        return self._is_city_staff(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._is_city_staff(request) or super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        # The services admit city staff only: never offer a form whose save they would refuse.
        return self._is_city_staff(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._is_city_staff(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Ideas protect their challenge; an unused draft may go.
        return self._is_city_staff(request) and (obj is None or obj.idea_count == 0)

    def save_model(self, request, obj: Challenge, form, change: bool) -> None:
        data = {
            name: form.cleaned_data[name]
            for name in (*services.EDITABLE_FIELDS, "status", "topics")
            if name in form.cleaned_data
        }
        if "topics" in data:
            data["topics"] = list(data["topics"])
        try:
            if change:
                changed = {name: data[name] for name in form.changed_data if name in data}
                saved = services.challenge_update(actor=request.user, challenge=obj, **changed)
            else:
                saved = services.challenge_create(actor=request.user, **data)
        except (ValidationError, StateConflict, PermissionDenied) as exc:
            # The form checked all this; only a concurrent change gets here. Refuse loudly
            # rather than saving around the rules.
            raise PermissionDenied(str(exc)) from exc
        # The admin goes on with the form's instance (m2m, log entry, redirect): make it the
        # saved row.
        for field in Challenge._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
