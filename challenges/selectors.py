"""Reads of challenges shared by the API and the web site."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import User
from challenges.models import Challenge


def challenge_filter(
    qs: QuerySet[Challenge],
    *,
    status: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> QuerySet[Challenge]:
    """Narrow challenges by phase, topic slug and words in title, summary or description."""
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topics__slug=topic)
    if search:
        search = search.strip()
        qs = qs.filter(
            Q(title__icontains=search)
            | Q(summary__icontains=search)
            | Q(description__icontains=search)
        )
    return qs


def challenge_list(
    *,
    user: User | None,
    status: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> QuerySet[Challenge]:
    """Challenges the viewer may see, newest first, with what a list card shows."""
    qs = (
        Challenge.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related("topics")
        .order_by("-created_at", "-id")
    )
    return challenge_filter(qs, status=status, topic=topic, search=search)


def challenge_get(*, user: User | None, pk: int) -> Challenge:
    """Raises Challenge.DoesNotExist for unknown ids and for drafts the viewer may not see."""
    return (
        Challenge.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related("topics")
        .get(pk=pk)
    )


def challenge_choices() -> QuerySet[Challenge]:
    """The public challenges a visitor may narrow a list of ideas to, newest first: only the
    columns a choice list shows."""
    return (
        Challenge.objects.exclude(status=Challenge.Status.DRAFT)
        .only("pk", "title")
        .order_by("-created_at", "-id")
    )
