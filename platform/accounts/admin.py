"""Django admin for people, organisations (with their members) and topics."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CITY_STAFF_PERMISSION, Membership, Organisation, Topic, User


def _normalised_email(form) -> str:
    email = User.objects.normalize_email(form.cleaned_data.get("email") or "").strip().lower()
    taken = User.objects.filter(email__iexact=email).exclude(pk=form.instance.pk).exists()
    if email and taken:
        raise ValidationError(
            _("An account with this email address already exists."), code="unique"
        )
    return email


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name", "sector")

    def clean_email(self) -> str:
        return _normalised_email(self)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = (
            "email",
            "password",
            "display_name",
            "sector",
            "bio",
            "language",
            "email_confirmed_at",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )

    def clean_email(self) -> str:
        return _normalised_email(self)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = (
        "email",
        "display_name",
        "sector",
        "city_staff",
        "is_staff",
        "is_active",
        "date_joined",
    )
    list_filter = (
        "sector",
        ("email_confirmed_at", admin.EmptyFieldListFilter),
        "is_active",
        "is_staff",
        "is_superuser",
        "groups",
    )
    search_fields = ("email", "display_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "sector", "bio", "language")}),
        (
            _("Permissions"),
            {
                "description": _(
                    "City staff is granted by the “City staff” group. “Admin access” only "
                    "lets a person open this admin."
                ),
                "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
            },
        ),
        # An admin may confirm an address by hand (e.g. an account they created).
        (_("Important dates"), {"fields": ("last_login", "date_joined", "email_confirmed_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "sector",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        # One EXISTS per row in the same query, instead of a permission lookup per row.
        app_label, codename = CITY_STAFF_PERMISSION.split(".")
        granted = Permission.objects.filter(
            Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")),
            codename=codename,
            content_type__app_label=app_label,
        )
        return super().get_queryset(request).annotate(_city_staff=Exists(granted))

    @admin.display(boolean=True, description=_("city staff"), ordering="_city_staff")
    def city_staff(self, user: User) -> bool:
        return user.is_active and (user.is_superuser or user._city_staff)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "member_count", "website", "created_at")
    list_filter = ("kind", "topics")
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("topics",)
    # A website typed without a scheme is https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = (MembershipInline,)
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="_member_count")
    def member_count(self, organisation: Organisation) -> int:
        return organisation._member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation__kind")
    search_fields = ("user__email", "user__display_name", "organisation__name")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_de", "name_en", "position")
    list_editable = ("position",)
    search_fields = ("slug", "name_de", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}
