"""Who may watch the live streams `idea:<id>`: anyone, for every idea that exists."""

from __future__ import annotations

from challenges.models import Challenge
from ideas.models import Idea


def idea_stream_visible(user, pk: int) -> bool:
    """Withdrawn ideas stay watchable: a page open on one learns of the withdrawal, also by
    replay after a reconnect. An idea in a draft challenge (which cannot take ideas, but the
    rule must not depend on that) is for city staff only, like its challenge."""
    ideas = Idea.objects.filter(pk=pk)
    if not (user is not None and user.is_authenticated and user.is_city_staff):
        ideas = ideas.exclude(challenge__status=Challenge.Status.DRAFT)
    return ideas.exists()
