"""What accounts brings to notifications (registered in AccountsConfig.ready): people,
organisations and topics can be followed. Their rules (a new idea by a followed person, in a
followed organisation or topic) belong to ideas, which publishes the event."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q

from accounts.models import CITY_STAFF_PERMISSION, Organisation, Topic, User
from notifications.registry import Target, register_target


def city_staff() -> Q:
    """City staff as a filter on people: User.is_city_staff for many people at once."""
    app_label, codename = CITY_STAFF_PERMISSION.split(".")
    holders = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        Q(is_superuser=True)
        | Q(pk__in=User.objects.filter(user_permissions__in=holders).values("pk"))
        | Q(pk__in=User.objects.filter(groups__permissions__in=holders).values("pk"))
    )


def register() -> None:
    register_target(
        Target(
            "person",
            visible=lambda user, pk: User.objects.filter(pk=pk, is_active=True).exists(),
        )
    )
    register_target(
        Target("organisation", visible=lambda user, pk: Organisation.objects.filter(pk=pk).exists())
    )
    register_target(Target("topic", visible=lambda user, pk: Topic.objects.filter(pk=pk).exists()))
