"""Reads of ideas and comments shared by the API and the web site."""

from __future__ import annotations

from django.db.models import (
    F,
    FilteredRelation,
    Prefetch,
    Q,
    QuerySet,
    SmallIntegerField,
    Value,
)

from accounts.models import User
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange
from ideas.output import IDEA_CARD_COLUMNS, IDEA_LIST_UNSHOWN_COLUMNS

# Public ordering names -> a descending (field, id) pair that an index serves.
IDEA_ORDERINGS: dict[str, tuple[str, str]] = {
    "new": ("-created_at", "-id"),
    "top": ("-score", "-id"),
    "trending": ("-hot", "-id"),
    "discussed": ("-comment_count", "-id"),
}
DEFAULT_IDEA_ORDERING = "trending"

# The columns a joined idea list never shows: the long texts of the idea and its challenge,
# and what no embedded person or organisation shape reads (declared beside the shapes).
LIST_DEFERRED = IDEA_LIST_UNSHOWN_COLUMNS

# The columns an API list of idea cards loads: what the card reads, plus each ordering's
# keyset cursor (`hot` is read by no card; the id is always loaded).
IDEA_LIST_COLUMNS = tuple(
    dict.fromkeys(
        (*IDEA_CARD_COLUMNS, *(field.lstrip("-") for field, _ in IDEA_ORDERINGS.values()))
    )
)


def with_my_vote(qs: QuerySet[Idea], user: User | None) -> QuerySet[Idea]:
    """Annotate `my_vote` (1, -1 or None) through the reverse relation to votes, as one LEFT
    JOIN on the (idea, user) unique index: no extra query, no import of the votes app."""
    if user is None or not user.is_authenticated:
        return qs.annotate(my_vote=Value(None, output_field=SmallIntegerField()))
    return qs.annotate(
        _mine=FilteredRelation("votes", condition=Q(votes__user=user.pk)),
        my_vote=F("_mine__value"),
    )


def idea_list(
    *,
    user: User | None,
    challenge: int | None = None,
    topic: str | None = None,
    status: str | None = None,
    sector: str | None = None,
    organisation: int | None = None,
    author: int | None = None,
    seeking_cocreators: bool | None = None,
    search: str | None = None,
) -> QuerySet[Idea]:
    """Visible ideas with author, organisation, challenge, topics and the viewer's vote.

    Unordered: the caller orders by one of IDEA_ORDERINGS (and paginates by keyset)."""
    qs = (
        Idea.objects.visible()
        .select_related("author", "organisation", "challenge")
        .defer(*LIST_DEFERRED)
    )
    if challenge is not None:
        qs = qs.filter(challenge_id=challenge)
    if topic:
        qs = qs.filter(topics__slug=topic)
    if status:
        qs = qs.filter(status=status)
    if sector:
        qs = qs.filter(sector=sector)
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if author is not None:
        qs = qs.filter(author_id=author)
    if seeking_cocreators is not None:
        qs = qs.filter(seeking_cocreators=seeking_cocreators)
    if search:
        qs = qs.filter(Q(title__icontains=search) | Q(summary__icontains=search))
    return with_my_vote(qs, user).prefetch_related("topics")


def idea_get(*, user: User | None, pk: int) -> Idea:
    """One visible idea with everything its page shows; raises Idea.DoesNotExist."""
    qs = (
        Idea.objects.visible()
        .select_related("author", "organisation", "challenge")
        .prefetch_related(
            "topics",
            Prefetch(
                "status_changes",
                queryset=IdeaStatusChange.objects.select_related("changed_by"),
            ),
        )
    )
    return with_my_vote(qs, user).get(pk=pk)


def comment_threads(*, idea: Idea) -> QuerySet[Comment]:
    """Top-level comments in order, each with its replies and authors prefetched."""
    return (
        Comment.objects.filter(idea=idea, parent__isnull=True)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.select_related("author").order_by("created_at", "id"),
            )
        )
        .order_by("created_at", "id")
    )


def idea_status_history(*, idea: Idea) -> QuerySet[IdeaStatusChange]:
    """An idea's steps through the funnel with the official responses, oldest first."""
    return (
        IdeaStatusChange.objects.filter(idea=idea)
        .select_related("changed_by")
        .order_by("created_at", "id")
    )


def comment_get(*, pk: int) -> Comment:
    """One comment on a visible idea; raises Comment.DoesNotExist."""
    return Comment.objects.select_related("author", "idea").get(
        pk=pk, idea__withdrawn_at__isnull=True
    )


def cocreator_offers(*, idea: Idea) -> QuerySet[CocreatorOffer]:
    """The public offers of help on an idea, oldest first, with who offered."""
    return (
        CocreatorOffer.objects.filter(idea=idea).select_related("user").order_by("created_at", "id")
    )
