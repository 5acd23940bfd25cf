"""What accounts brings to notifications (registered in AccountsConfig.ready): people,
organisations and topics can be followed. Their rules (a new idea by a followed person, in a
followed organisation or topic) belong to ideas, which publishes the event. Accounts' own:
a group's administrators hear of a request to join, the asker of the decision."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import (
    CITY_STAFF_PERMISSION,
    Membership,
    MembershipRequest,
    Organisation,
    Topic,
    User,
)
from notifications.registry import Kind, Rule, Target, register_kind, register_rule, register_target


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

    register_kind(
        Kind(
            "join_request",
            gettext_lazy("A request to join a group I administer"),
            _describe_request,
            70,
        )
    )
    register_kind(
        Kind(
            "join_decision",
            gettext_lazy("The answer to my request to join a group"),
            _describe_decision,
            71,
        )
    )
    register_rule(
        Rule(
            event="membership.requested",
            kind="join_request",
            subject=lambda d: ("organisation", d["organisation"]),
            data=_request_data,
            actor=lambda d: d["user"],
            direct=_administrators,
        )
    )
    register_rule(
        Rule(
            event="membership.decided",
            kind="join_decision",
            applies=lambda d: d["status"] in ("accepted", "declined"),
            subject=lambda d: ("organisation", d["organisation"]),
            data=_request_data,
            direct=lambda d: [d["user"]],
        )
    )


def _request_data(d: dict) -> dict:
    organisation = Organisation.objects.filter(pk=d["organisation"]).values("name", "slug").first()
    asker = User.objects.filter(pk=d["user"]).values_list("display_name", flat=True).first()
    return {
        "title": (organisation or {}).get("name", ""),
        "url": reverse("frontend:organisation_detail", args=[organisation["slug"]])
        if organisation
        else "/",
        "actor": asker or "",
        "status": d["status"],
    }


def _administrators(d: dict) -> list[int]:
    """Who decides: the group's administrators, while the request is still pending."""
    if not MembershipRequest.objects.filter(
        pk=d["id"], status=MembershipRequest.Status.PENDING
    ).exists():
        return []
    return list(
        Membership.objects.filter(
            organisation_id=d["organisation"], role=Membership.Role.ADMIN
        ).values_list("user_id", flat=True)
    )


def _describe_request(count: int, data: dict) -> str:
    if count > 1:
        return _("%(count)d people ask to join “%(title)s”") % {"count": count, **data}
    return _("%(actor)s asks to join “%(title)s”") % data


def _describe_decision(count: int, data: dict) -> str:
    if data.get("status") == "accepted":
        return _("Welcome: you are now a member of “%(title)s”") % data
    return _("Your request to join “%(title)s” was declined") % data
