"""The home page: open challenges, trending ideas and the latest activity."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from challenges import selectors as challenge_selectors
from challenges.models import Challenge
from ideas import selectors as idea_selectors
from ideas.gatherings import selectors as event_selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    open_challenges = list(
        challenge_selectors.challenge_list(user=request.user, status=Challenge.Status.OPEN)[:6]
    )
    trending = idea_selectors.ideas_ranked(user=request.user, order="trending", limit=6)
    # Taken before the read: the live script shows only what happened after it, so an event
    # replayed after a reload cannot bring back a comment deleted before the page was made.
    activity_as_of = timezone.now()
    activity = idea_selectors.activity_recent(limit=10)
    return render(
        request,
        "frontend/home.html",
        {
            "open_challenges": open_challenges,
            "trending": trending,
            "activity": activity,
            "activity_as_of": activity_as_of,
            "events_next": event_selectors.events_next(limit=3),
        },
    )
