"""Who may watch the live streams `challenge:<id>`: anyone, except a draft's (city staff)."""

from __future__ import annotations

from challenges.models import Challenge


def challenge_stream_visible(user, pk: int) -> bool:
    """Same rule as the challenge pages: drafts only for city staff; unknown ids -> False."""
    return Challenge.objects.visible_to(user).filter(pk=pk).exists()
