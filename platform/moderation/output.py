"""Outward shapes of moderation for the API. Reporters never appear in anything the author or
the public can read: a queue entry lists reasons and texts, not who reported."""

from __future__ import annotations

from moderation.models import Appeal, Decision, ItemState, Report
from moderation.selectors import Month


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def report_data(report: Report) -> dict:
    return {
        "id": report.pk,
        "reason": report.reason,
        "text": report.text,
        "law": report.law,
        "created_at": _iso(report.created_at),
    }


def decision_data(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "item": decision.item_id,
        "kind": decision.kind,
        "reason": decision.reason,
        "ground": decision.ground,
        "law": decision.law,
        "automated": decision.automated,
        "block_until": _iso(decision.block_until),
        "created_at": _iso(decision.created_at),
    }


def appeal_data(appeal: Appeal) -> dict:
    return {
        "id": appeal.pk,
        "decision": appeal.decision_id,
        "text": appeal.text,
        "outcome": appeal.outcome or None,
        "outcome_reason": appeal.outcome_reason,
        "created_at": _iso(appeal.created_at),
        "decided_at": _iso(appeal.decided_at),
    }


def queue_entry(item: ItemState) -> dict:
    """An item in the queue with its open reports (read from the prefetch)."""
    return {
        "id": item.pk,
        "kind": item.kind,
        "object_id": item.object_id,
        "title": item.title,
        "challenge": item.challenge_id,
        "hidden": item.hidden,
        "hidden_reason": item.hidden_reason,
        "open_reports": item.open_reports,
        "first_open_report_at": _iso(item.first_open_report_at),
        "reports": [report_data(r) for r in item.open_report_list],
    }


def month_data(month: Month) -> dict:
    return {
        "month": month.month.strftime("%Y-%m"),
        "reports": month.reports,
        "decisions": month.decisions,
        "automated": month.automated,
        "median_hours_to_decision": month.median_hours,
        "appeals": month.appeals,
        "appeal_outcomes": month.outcomes,
    }


def decision_notice(decision: Decision, *, author_id: int, appeal_url: str | None) -> dict:
    """The decision as its author's private event: what, why, on which ground, and where to
    appeal (None when the kind cannot be appealed). No text of the item: hidden content is in
    no event (the notification looks the title up when it is made)."""
    item = decision.item
    return {
        **decision_data(decision),
        "author": author_id,
        "subject": {"kind": item.kind, "id": item.object_id},
        "appeal_url": appeal_url,
    }
