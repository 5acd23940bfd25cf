"""The open dataset of challenges (registered in ChallengesConfig.ready): drafts left out."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from accounts.models import Topic
from challenges.models import Challenge
from opendata import Column, Dataset, page_urls


def challenge_rows() -> Iterator[dict]:
    challenges = (
        Challenge.objects.exclude(status=Challenge.Status.DRAFT)
        .select_related("organisation")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("slug")))
        .defer("description_html")
        .order_by("pk")
    )
    url = page_urls("frontend:challenge_detail")
    for challenge in challenges.iterator(chunk_size=500):
        yield {
            "id": challenge.pk,
            "title": challenge.title,
            "summary": challenge.summary,
            "description": challenge.description,
            "status": challenge.status,
            "topics": [t.slug for t in challenge.topics.all()],
            "organisation": challenge.organisation.slug if challenge.organisation_id else None,
            "opens_at": challenge.opens_at,
            "closes_at": challenge.closes_at,
            "voting_open": challenge.voting_open,
            "idea_count": challenge.idea_count,
            "created_at": challenge.created_at,
            "url": url(challenge.pk),
        }


DATASET = Dataset(
    slug="challenges",
    title=_("Challenges"),
    description=_("Every published challenge of the city: text, topics, phase and dates."),
    keywords=("Herausforderungen", "Bürgerbeteiligung", "Open Innovation"),
    rows=challenge_rows,
    columns=(
        Column("id", "integer", _("Id of the challenge")),
        Column("title", "string", _("Title")),
        Column("summary", "string", _("Summary")),
        Column("description", "string", _("Description (Markdown)")),
        Column("status", "string", _("Phase")),
        Column("topics", "list", _("Topic slugs")),
        Column("organisation", "string", _("Responsible department (slug)"), nullable=True),
        Column("opens_at", "datetime", _("Accepts ideas from (UTC)"), nullable=True),
        Column("closes_at", "datetime", _("Accepts ideas until (UTC)"), nullable=True),
        Column("voting_open", "boolean", _("Voting open")),
        Column("idea_count", "integer", _("Public ideas")),
        Column("created_at", "datetime", _("Created (UTC)")),
        Column("url", "string", _("Page of the challenge")),
    ),
)
