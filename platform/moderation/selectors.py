"""Reads of moderation: the queue, one item with its reports, decisions a person may appeal,
open appeals, and the public figures of the transparency page."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from moderation.models import Appeal, Decision, ItemState, Report
from moderation.services import moderation_scope


def _scoped(qs: QuerySet[ItemState], user) -> QuerySet[ItemState]:
    scope = moderation_scope(user=user)
    if scope is None:
        return qs
    return qs.filter(challenge_id__in=scope)


def queue(*, user, reason: str | None = None, challenge: int | None = None) -> QuerySet[ItemState]:
    """Items with open reports, and first contributions held for review, that `user`
    moderates, oldest first, with their open reports prefetched (`open_report_list`)."""
    qs = ItemState.objects.filter(Q(open_reports__gt=0) | Q(held=True))
    if reason:
        qs = qs.filter(reports__decision__isnull=True, reports__reason=reason).distinct()
    if challenge is not None:
        qs = qs.filter(challenge_id=challenge)
    return (
        _scoped(qs, user)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(decision__isnull=True).order_by("created_at"),
                to_attr="open_report_list",
            )
        )
        .order_by("first_open_report_at", "id")
    )


def reason_counts(item: ItemState) -> list[tuple[str, int]]:
    """(reason label, count) of an item's prefetched open reports, most frequent first."""
    counts = Counter(report.get_reason_display() for report in item.open_report_list)
    return counts.most_common()


def item_get(*, user, pk: int) -> ItemState:
    """An item `user` moderates, with its reports and decisions; raises DoesNotExist."""
    return (
        _scoped(ItemState.objects.all(), user)
        .select_related("author")
        .prefetch_related(
            Prefetch("reports", queryset=Report.objects.order_by("created_at")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("moderator", "appeal__author").order_by(
                    "created_at"
                ),
            ),
        )
        .get(pk=pk)
    )


def item_state_of(*, kind: str, object_id: int) -> ItemState | None:
    return ItemState.objects.filter(kind=kind, object_id=object_id).first()


def decision_latest_for_author(*, kind: str, object_id: int, user) -> Decision | None:
    """The newest decision on an item that concerns `user` (its author), for a link to read
    and appeal it; None for anyone else."""
    if not (user is not None and user.is_authenticated):
        return None
    return (
        Decision.objects.filter(item__kind=kind, item__object_id=object_id, item__author=user)
        .order_by("-created_at", "-id")
        .first()
    )


def decision_get(*, pk: int) -> Decision:
    return Decision.objects.select_related("item", "moderator").get(pk=pk)


def appeal_get(*, pk: int) -> Appeal:
    return Appeal.objects.select_related("decision__item", "decision__moderator").get(pk=pk)


def appeal_of(*, decision: Decision) -> Appeal | None:
    return Appeal.objects.filter(decision=decision).first()


def appeals_open(*, user) -> QuerySet[Appeal]:
    """Appeals waiting for a decision on items `user` moderates, oldest first."""
    scope = moderation_scope(user=user)
    qs = Appeal.objects.filter(outcome="").select_related("decision__item", "author")
    if scope is not None:
        qs = qs.filter(decision__item__challenge_id__in=scope)
    return qs.order_by("created_at", "id")


@dataclass
class Month:
    month: object
    reports: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)
    automated: int = 0
    median_hours: float | None = None
    appeals: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


def transparency(*, months: int = 12) -> list[Month]:
    """Per month, newest first: reports by reason, decisions by kind (and how many automated),
    the median time from the first open report to the decision, appeals and their outcomes.
    Counts only: nothing names a person or an item."""
    by_month: dict[object, Month] = defaultdict(lambda: Month(month=None))
    for row in (
        Report.objects.annotate(m=TruncMonth("created_at"))
        .values("m", "reason")
        .annotate(n=Count("id"))
        .order_by()
    ):
        by_month[row["m"]].reports[row["reason"]] = row["n"]
    waits: dict[object, list[int]] = defaultdict(list)
    for row in (
        Decision.objects.annotate(m=TruncMonth("created_at"))
        .values("m", "kind", "automated", "waited_seconds")
        .order_by()
    ):
        entry = by_month[row["m"]]
        entry.decisions[row["kind"]] = entry.decisions.get(row["kind"], 0) + 1
        entry.automated += int(row["automated"])
        if row["waited_seconds"] is not None and not row["automated"]:
            waits[row["m"]].append(row["waited_seconds"])
    for row in (
        Appeal.objects.annotate(m=TruncMonth("created_at"))
        .values("m")
        .annotate(
            n=Count("id"),
            upheld=Count("id", filter=Q(outcome=Appeal.Outcome.UPHELD)),
            reversed=Count("id", filter=Q(outcome=Appeal.Outcome.REVERSED)),
        )
        .order_by()
    ):
        entry = by_month[row["m"]]
        entry.appeals = row["n"]
        entry.outcomes = {"upheld": row["upheld"], "reversed": row["reversed"]}
    for month, entry in by_month.items():
        entry.month = month
        if waits[month]:
            entry.median_hours = round(statistics.median(waits[month]) / 3600, 1)
    return sorted(by_month.values(), key=lambda m: m.month, reverse=True)[:months]
