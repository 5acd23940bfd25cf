"""Reads of challenges shared by the API and the web site."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Case, DateTimeField, F, Q, QuerySet, Value, When

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


def challenge_list_open_first(
    *,
    user: User | None,
    status: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> QuerySet[Challenge]:
    """Challenges the viewer may see, those open for ideas first, soonest deadline first (open
    ones without a deadline after them), then every other phase, newest first."""
    open_deadline = Case(
        When(status=Challenge.Status.OPEN, then=F("closes_at")),
        default=None,
        output_field=DateTimeField(),
    )
    is_open = Case(When(status=Challenge.Status.OPEN, then=Value(0)), default=Value(1))
    return challenge_list(user=user, status=status, topic=topic, search=search).order_by(
        is_open, open_deadline.asc(nulls_last=True), "-created_at", "-id"
    )


def challenges_of_organisation(
    *, user: User | None, organisation: int, limit: int
) -> list[Challenge]:
    """The challenges an organisation (a city department, usually) runs, as its page lists
    them: those the viewer may see, open ones first (`challenge_list_open_first`)."""
    return list(challenge_list_open_first(user=user).filter(organisation=organisation)[:limit])


def challenge_page(
    *,
    user: User | None,
    number: str | int | None,
    size: int,
    status: str | None = None,
    topic: str | None = None,
    search: str | None = None,
) -> Page:
    """One numbered page of `challenge_list_open_first` (past the end: the last page)."""
    qs = challenge_list_open_first(user=user, status=status, topic=topic, search=search)
    return Paginator(qs, size).get_page(number)


def challenges_taking_ideas() -> QuerySet[Challenge]:
    """Challenges in the open phase, newest first: those an idea may answer."""
    return Challenge.objects.filter(status=Challenge.Status.OPEN).order_by("-created_at", "-id")


def challenge_get_for_write(*, user: User | None, pk: int) -> Challenge:
    """One challenge the viewer may see and nothing more, for a page that hands it to a service
    (which reads it again under its lock); raises Challenge.DoesNotExist."""
    return Challenge.objects.visible_to(user).get(pk=pk)


def challenge_choices() -> QuerySet[Challenge]:
    """The public challenges a visitor may narrow a list of ideas to, newest first: only the
    columns a choice list shows."""
    return (
        Challenge.objects.exclude(status=Challenge.Status.DRAFT)
        .only("pk", "title")
        .order_by("-created_at", "-id")
    )
