"""What moderation brings to notifications (registered in ModerationConfig.ready): the author
of a decided item gets an in-app notification of the decision. It is not mailed: the statement
of reasons goes out by mail from moderation itself (services._statement_of_reasons)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moderation.models import Decision, DecisionKind
from notifications.registry import Kind, Rule, register_kind, register_rule


def _describe(count: int, data: dict) -> str:
    kind = DecisionKind(data["kind"]).label if data["kind"] in DecisionKind.values else data["kind"]
    if data.get("title"):
        return _("Moderation decision on “%(title)s”: %(kind)s") % {
            "title": data["title"],
            "kind": kind,
        }
    return _("Moderation decision: %(kind)s") % {"kind": kind}


def _title(decision_id: int) -> str:
    decision = Decision.objects.select_related("item").filter(pk=decision_id).first()
    return decision.item.title if decision is not None else ""


def register() -> None:
    register_kind(
        Kind(
            "moderation",
            gettext_lazy("A moderation decision about my content"),
            _describe,
            90,
            mailed=False,
        )
    )
    register_rule(
        Rule(
            event="moderation.decided",
            kind="moderation",
            subject=lambda d: ("decision", d["id"]),
            data=lambda d: {
                "kind": d["kind"],
                "title": _title(d["id"]),
                "url": d["appeal_url"],
            },
            direct=lambda d: [d["author"]],
            app="moderation",
        )
    )
