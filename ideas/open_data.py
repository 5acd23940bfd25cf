"""The open datasets of ideas, official responses and comments (registered in
IdeasConfig.ready): only what anyone can see on the site, authors as pseudonyms."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from accounts.models import Topic
from ideas.models import Comment, Idea, IdeaStatusChange
from opendata import Column, Dataset, page_urls, pseudonym

CHUNK = 2_000


def idea_rows() -> Iterator[dict]:
    url = page_urls("frontend:idea_detail")
    ideas = (
        Idea.objects.visible()
        .select_related("organisation")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("slug")))
        .only(
            *(
                "id title summary description challenge_id sector status seeking_cocreators "
                "up_count down_count score comment_count author_id created_at updated_at "
                "organisation__slug"
            ).split()
        )
        .order_by("pk")
    )
    for idea in ideas.iterator(chunk_size=CHUNK):
        yield {
            "id": idea.pk,
            "title": idea.title,
            "summary": idea.summary,
            "description": idea.description,
            "challenge": idea.challenge_id,
            "sector": idea.sector,
            "topics": [t.slug for t in idea.topics.all()],
            "status": idea.status,
            "organisation": idea.organisation.slug if idea.organisation_id else None,
            "seeking_cocreators": idea.seeking_cocreators,
            "up_count": idea.up_count,
            "down_count": idea.down_count,
            "score": idea.score,
            "comment_count": idea.comment_count,
            "author": pseudonym(idea.author_id),
            "created_at": idea.created_at,
            "updated_at": idea.updated_at,
            "url": url(idea.pk),
        }


def response_rows() -> Iterator[dict]:
    changes = (
        IdeaStatusChange.objects.filter(idea__withdrawn_at__isnull=True)
        .order_by("pk")
        .values("id", "idea_id", "from_status", "to_status", "response", "created_at")
    )
    for row in changes.iterator(chunk_size=CHUNK):
        yield {
            "id": row["id"],
            "idea": row["idea_id"],
            "from_status": row["from_status"],
            "to_status": row["to_status"],
            "response": row["response"],
            "created_at": row["created_at"],
        }


def comment_rows() -> Iterator[dict]:
    comments = (
        Comment.objects.filter(deleted_at__isnull=True, idea__withdrawn_at__isnull=True)
        .order_by("pk")
        .values("id", "idea_id", "parent_id", "author_id", "body", "created_at", "edited_at")
    )
    for row in comments.iterator(chunk_size=CHUNK):
        yield {
            "id": row["id"],
            "idea": row["idea_id"],
            "parent": row["parent_id"],
            "author": pseudonym(row["author_id"]),
            "body": row["body"],
            "created_at": row["created_at"],
            "edited_at": row["edited_at"],
        }


AUTHOR = _("Pseudonymous author id: the same for every row of one person, not who it is.")

DATASETS = [
    Dataset(
        slug="ideas",
        title=_("Ideas"),
        description=_(
            "Every public idea: text, sector and topics, status in the funnel, vote tallies "
            "and number of comments, dates. Withdrawn ideas are not included."
        ),
        keywords=("Ideen", "Bürgerbeteiligung", "Open Innovation"),
        rows=idea_rows,
        columns=(
            Column("id", "integer", _("Id of the idea")),
            Column("title", "string", _("Title")),
            Column("summary", "string", _("Summary")),
            Column("description", "string", _("Description (Markdown)")),
            Column("challenge", "integer", _("Id of the challenge it answers"), nullable=True),
            Column("sector", "string", _("Sector the idea comes from")),
            Column("topics", "list", _("Topic slugs")),
            Column("status", "string", _("Status in the funnel")),
            Column("organisation", "string", _("Organisation slug"), nullable=True),
            Column("seeking_cocreators", "boolean", _("Looking for co-creators")),
            Column("up_count", "integer", _("Up votes")),
            Column("down_count", "integer", _("Down votes")),
            Column("score", "integer", _("Up minus down votes")),
            Column("comment_count", "integer", _("Comments")),
            Column("author", "string", AUTHOR),
            Column("created_at", "datetime", _("Posted (UTC)")),
            Column("updated_at", "datetime", _("Last changed (UTC)")),
            Column("url", "string", _("Page of the idea")),
        ),
    ),
    Dataset(
        slug="responses",
        title=_("Official responses"),
        description=_("Every step of a public idea through the funnel with the city's answer."),
        keywords=("Ideen", "Verwaltung", "Rückmeldung"),
        rows=response_rows,
        columns=(
            Column("id", "integer", _("Id of the status change")),
            Column("idea", "integer", _("Id of the idea")),
            Column("from_status", "string", _("Status before")),
            Column("to_status", "string", _("Status after")),
            Column("response", "string", _("Official response (Markdown)")),
            Column("created_at", "datetime", _("Answered (UTC)")),
        ),
    ),
    Dataset(
        slug="comments",
        title=_("Comments"),
        description=_("Every public comment on a public idea. Deleted comments are not included."),
        keywords=("Kommentare", "Diskussion", "Bürgerbeteiligung"),
        rows=comment_rows,
        columns=(
            Column("id", "integer", _("Id of the comment")),
            Column("idea", "integer", _("Id of the idea")),
            Column("parent", "integer", _("Id of the comment it replies to"), nullable=True),
            Column("author", "string", AUTHOR),
            Column("body", "string", _("Text (Markdown)")),
            Column("created_at", "datetime", _("Posted (UTC)")),
            Column("edited_at", "datetime", _("Last edited (UTC)"), nullable=True),
        ),
    ),
]
