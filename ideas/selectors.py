"""Reads of ideas and comments shared by the API and the web site."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import (
    Case,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    SmallIntegerField,
    Subquery,
    Value,
    When,
)

from accounts.models import User
from accounts.output import PERSON_REF_COLUMNS, related
from challenges.models import Challenge
from ideas.models import CocreatorOffer, Comment, Idea, IdeaStatusChange
from ideas.output import IDEA_CARD_COLUMNS, IDEA_LIST_UNSHOWN_COLUMNS
from ideas.search import parse_search, search_ideas

# Public ordering names -> a descending (field, id) pair that an index serves.
IDEA_ORDERINGS: dict[str, tuple[str, str]] = {
    "new": ("-created_at", "-id"),
    "top": ("-score", "-id"),
    "trending": ("-hot", "-id"),
    "discussed": ("-comment_count", "-id"),
}
DEFAULT_IDEA_ORDERING = "trending"
# A search's order: by relevance (ideas.search's `search_rank`), ties newest first (ids follow
# the order ideas are posted in). Keyset-paged like the others, but served by no index: every
# match is ranked, which the full-text index keeps to the matching ideas.
RELEVANCE = "relevance"
RELEVANCE_ORDERING = ("-search_rank", "-id")

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
    organisation: int | str | None = None,
    author: int | None = None,
    seeking_cocreators: bool | None = None,
    search: str | None = None,
) -> QuerySet[Idea]:
    """Visible ideas with author, organisation, challenge, topics and the viewer's vote.
    `organisation` is an id or a slug; `search` finds words in title, summary or description
    in any inflection (ideas.search), and annotates each idea's `search_rank`.

    Unordered: the caller orders by one of IDEA_ORDERINGS, or a search by RELEVANCE_ORDERING
    (idea_ordering), and paginates by keyset."""
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
    if isinstance(organisation, str):
        qs = qs.filter(organisation__slug=organisation)
    elif organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if author is not None:
        qs = qs.filter(author_id=author)
    if seeking_cocreators is not None:
        qs = qs.filter(seeking_cocreators=seeking_cocreators)
    if search:
        qs = search_ideas(qs, parse_search(search))
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
        CocreatorOffer.objects.filter(idea=idea, hidden_at__isnull=True)
        .select_related("user")
        .order_by("created_at", "id")
    )


def idea_hidden_reason(*, pk: int) -> str | None:
    """The public reason if idea `pk` is hidden by moderation (its page shows a placeholder
    with it), else None."""
    row = (
        Idea.objects.filter(pk=pk, hidden_at__isnull=False, withdrawn_at__isnull=True)
        .values_list("hidden_reason", flat=True)
        .first()
    )
    return row


def idea_get_for_write(*, pk: int) -> Idea:
    """One visible idea and nothing more, for a page that hands it to a service (which reads it
    again under its lock); raises Idea.DoesNotExist."""
    return Idea.objects.visible().get(pk=pk)


def ideas_ranked(
    *, user: User | None, order: str, limit: int, organisation: int | None = None
) -> list[Idea]:
    """The first `limit` visible ideas in one of IDEA_ORDERINGS, as list cards."""
    qs = idea_list(user=user, organisation=organisation)
    return list(qs.order_by(*IDEA_ORDERINGS[order])[:limit])


def ideas_of_author(*, author: User, limit: int = 50) -> QuerySet[Idea]:
    """A person's own ideas, newest first, withdrawn ones included (their profile shows them)."""
    return (
        Idea.objects.filter(author=author)
        .select_related("challenge")
        .defer(
            "description",
            "description_html",
            "challenge__description",
            "challenge__description_html",
        )
        .order_by("-created_at", "-id")[:limit]
    )


def comments_of_author(*, author: User, limit: int = 50) -> QuerySet[Comment]:
    """A person's own comments that are not deleted, newest first, with their idea."""
    return (
        Comment.objects.filter(author=author, deleted_at__isnull=True, hidden_at__isnull=True)
        .select_related("idea")
        .order_by("-created_at", "-id")[:limit]
    )


def comment_reply_target(*, idea: Idea, pk: int) -> Comment | None:
    """The comment `pk` if it belongs to `idea` (a reply may only answer one there), else None."""
    return Comment.objects.filter(pk=pk, idea=idea).first()


def comment_get_undeleted(*, pk: int) -> Comment:
    """A comment that is not deleted, with its idea and author, for editing or deleting it;
    raises Comment.DoesNotExist."""
    return Comment.objects.select_related("idea", "author").get(pk=pk, deleted_at__isnull=True)


# --- Recent activity ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Activity:
    """One public happening for the home page's "recent activity" list.

    `kind` is "idea" (new idea), "comment", "status" (a status change without a response),
    "answer" (an official response) or "challenge" (a challenge that is not a draft). `by` is
    the display name of who did it and `by_id` their id, for the link to their page (a
    challenge has neither)."""

    kind: str
    pk: int
    at: datetime
    title: str
    idea_id: int | None
    challenge_id: int | None
    by: str
    status: str
    by_id: int | None

    @property
    def key(self) -> str:
        """The same key the page's live script gives the item, so it never shows twice."""
        prefix = "status" if self.kind == "answer" else self.kind
        return f"{prefix}:{self.pk}"

    @property
    def status_label(self) -> str:
        return Idea.Status(self.status).label if self.status else ""


_ACTIVITY_COLUMNS = (
    "a_kind",
    "a_pk",
    "a_at",
    "a_title",
    "a_idea",
    "a_challenge",
    "a_by",
    "a_st",
    "a_by_id",
)


def _activity_rows(model, newest: QuerySet, limit: int, **columns) -> QuerySet:
    """The newest `limit` rows of `newest` as activity columns. The limit sits in a pk__in
    subquery because SQLite allows no LIMIT on the parts of a UNION itself."""
    none_int = Value(None, output_field=IntegerField())
    defaults = {
        "a_idea": none_int,
        "a_challenge": none_int,
        "a_by": Value(""),
        "a_st": Value(""),
        "a_by_id": none_int,
    }
    pks = newest.order_by("-created_at", "-id").values("pk")[:limit]
    return (
        model.objects.filter(pk__in=Subquery(pks))
        .annotate(a_pk=F("pk"), a_at=F("created_at"), **{**defaults, **columns})
        .values_list(*_ACTIVITY_COLUMNS)
        .order_by()
    )


def activity_recent(*, limit: int = 10) -> list[Activity]:
    """The `limit` newest public happenings, newest first, in one query over the domain tables
    (not the event log, which is pruned): new ideas, comments, status changes and official
    responses, and challenges that are not drafts. Nothing of a withdrawn or hidden idea and no
    deleted or hidden comment is ever in it."""
    ideas = _activity_rows(
        Idea,
        Idea.objects.visible(),
        limit,
        a_kind=Value("idea"),
        a_title=F("title"),
        a_idea=F("pk"),
        a_challenge=F("challenge_id"),
        a_by=F("author__display_name"),
        a_by_id=F("author_id"),
    )
    of_idea = {
        "a_title": F("idea__title"),
        "a_idea": F("idea_id"),
        "a_challenge": F("idea__challenge_id"),
    }
    comments = _activity_rows(
        Comment,
        Comment.objects.filter(
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            idea__withdrawn_at__isnull=True,
            idea__hidden_at__isnull=True,
        ),
        limit,
        a_kind=Value("comment"),
        a_by=F("author__display_name"),
        a_by_id=F("author_id"),
        **of_idea,
    )
    changes = _activity_rows(
        IdeaStatusChange,
        IdeaStatusChange.objects.filter(
            idea__withdrawn_at__isnull=True, idea__hidden_at__isnull=True
        ),
        limit,
        a_kind=Case(When(response="", then=Value("status")), default=Value("answer")),
        a_by=F("changed_by__display_name"),
        a_by_id=F("changed_by_id"),
        a_st=F("to_status"),
        **of_idea,
    )
    challenges = _activity_rows(
        Challenge,
        Challenge.objects.exclude(status=Challenge.Status.DRAFT),
        limit,
        a_kind=Value("challenge"),
        a_title=F("title"),
        a_challenge=F("pk"),
    )
    rows = ideas.union(comments, changes, challenges, all=True).order_by("-a_at", "-a_kind")
    return [Activity(*row) for row in rows[:limit]]


@dataclass(frozen=True)
class FunnelStep:
    value: str
    label: str
    reached: bool
    current: bool


@dataclass(frozen=True)
class IdeaFunnel:
    """The numbered steps an idea moves through, and the exit ("not pursued") apart from them:
    leaving the funnel is not a sixth step after "implemented"."""

    steps: list[FunnelStep]
    exit: FunnelStep


def idea_funnel(idea: Idea) -> IdeaFunnel:
    """Where `idea` stands: each step reached (the idea has been there) or current.

    Reads `idea.status_changes.all()`, so a prefetch (as `idea_get` does) keeps it query-free."""
    reached = {idea.status}
    for change in idea.status_changes.all():
        reached.update((change.from_status, change.to_status))

    def step(value: str, label: str) -> FunnelStep:
        return FunnelStep(
            value=value, label=str(label), reached=value in reached, current=value == idea.status
        )

    exit_value = Idea.Status.NOT_PURSUED
    return IdeaFunnel(
        steps=[step(value, label) for value, label in Idea.Status.choices if value != exit_value],
        exit=step(exit_value, Idea.Status(exit_value).label),
    )


def idea_ordering(order: str) -> tuple[str, str]:
    """The keyset ordering of `order`: one of IDEA_ORDERINGS or RELEVANCE (only for a list
    that idea_list made with a `search`)."""
    return RELEVANCE_ORDERING if order == RELEVANCE else IDEA_ORDERINGS[order]


def idea_page_narrow(*, search: str | None) -> bool:
    """Whether a keyset page of idea_list(search=…) is picked narrow first (the page's ids,
    then their rows: core.pagination.keyset_page). On PostgreSQL for every search: its
    matches are sorted, not read in an index's order, and joining every match's author,
    organisation and challenge before the sort cost half again as much (100,000 ideas,
    35,000 matches: 155 → 100 ms). Not on SQLite, where the rows' query would run the
    full-text match again, which costs more than the joins it saves."""
    return search is not None and connection.vendor == "postgresql"


def idea_keyset_scope() -> QuerySet[Idea]:
    """Ideas with every value a keyset cursor may hold typed as in a list (a search's rank is
    a float): for checking a cursor before the list is built."""
    return Idea.objects.annotate(search_rank=Value(0.0, output_field=FloatField()))


def idea_search_has_words(search: str) -> bool:
    """Whether `search` has a word to find: operators, stop words ("und", "die") and
    exclusions alone match nothing."""
    return bool(parse_search(search))


def idea_count(**filters) -> int:
    """How many visible ideas match idea_list's filters (keywords as there): one COUNT. Lists
    page by keyset and never count; only a page that shows the number (a search) asks."""
    return idea_list(user=None, **filters).order_by().count()


# --- A person's public page ----------------------------------------------------------------------


def ideas_of_person(*, user: User | None, person: User) -> QuerySet[Idea]:
    """A person's public ideas as list cards, for a keyset page in one of IDEA_ORDERINGS: not
    withdrawn, and none in a draft challenge (drafts take no ideas today; should one ever hold
    some, a profile must not be where they leak)."""
    return idea_list(user=user, author=person.pk).exclude(challenge__status=Challenge.Status.DRAFT)


def comments_of_person(*, person: User) -> QuerySet[Comment]:
    """A person's public comments, newest first, each with its idea's title: not deleted, and
    on an idea anyone may see (not withdrawn, not in a draft challenge)."""
    return (
        Comment.objects.filter(author=person, deleted_at__isnull=True, hidden_at__isnull=True)
        .filter(idea__withdrawn_at__isnull=True, idea__hidden_at__isnull=True)
        .exclude(idea__challenge__status=Challenge.Status.DRAFT)
        .select_related("idea", "author")
        .only(
            "idea",
            "parent",
            "body",
            "body_html",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
            "hidden_reason",
            "idea__title",
            *related("author", PERSON_REF_COLUMNS),
        )
        .order_by("-created_at", "-id")
    )


def ideas_visible_by_pk(pks: Iterable[int]) -> dict[int, Idea]:
    """The visible ideas among these ids, by id (unknown, withdrawn and hidden ones left out)."""
    return Idea.objects.visible().in_bulk(list(pks))
